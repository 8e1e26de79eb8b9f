// SPDX-License-Identifier: GPL-3.0-or-later
/* Recordings tabs of the window: a camera's or a split view's recordings
 * (SlRecordingsPage) and instant replay, opened from the sidebar, a live
 * tile's menu or the keyboard. */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-recordings-page.h"
#include "sl-view-layout.h"
#include "sl-window-private.h"

/* How far back a recordings tab starts when opened from live video. */
#define START_BEFORE_NOW_US ((gint64)G_USEC_PER_SEC * 10)

static void
page_go_live_cb (SlRecordingsPage *page, gint64 camera_id, SlWindow *self)
{
  g_autofree char *reference = g_strdup_printf ("camera:%" G_GINT64_FORMAT, camera_id);

  sl_window_open_reference (self, reference);
}

static gboolean
can_play (SlWindow *self)
{
  if (self->store != NULL)
    return TRUE;
  sl_window_add_toast (self, adw_toast_new (_ ("Recordings can be played once the recorder runs")));
  return FALSE;
}

static void
open_page (SlWindow *self, GtkWidget *page, const char *title)
{
  g_signal_connect_object (page, "go-live", G_CALLBACK (page_go_live_cb), self, 0);
  sl_window_open_tab (self, title, "document-open-recent-symbolic", page);
}

/* Cameras that are gone (removed since) are left out. */
static void
show_cameras (SlWindow *self, const gint64 *ids, guint n_ids, const char *title)
{
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < n_ids; i++)
    {
      SlCamera *camera = sl_view_store_lookup_camera (self->store, ids[i]);

      if (camera == NULL)
        continue;
      g_array_append_val (found, ids[i]);
      g_ptr_array_add (names, (gpointer)sl_camera_get_name (camera));
    }
  if (found->len == 0)
    {
      sl_window_add_toast (self, adw_toast_new (_ ("The camera is no longer there")));
      return;
    }
  open_page (self,
             sl_recordings_page_new (sl_view_store_get_catalog (self->store),
                                     (const gint64 *)(gpointer)found->data,
                                     (const char *const *)names->pdata, found->len,
                                     g_get_real_time () - START_BEFORE_NOW_US),
             title != NULL ? title : names->pdata[0]);
}

void
sl_window_show_recordings (SlWindow *self, gint64 camera_id)
{
  g_autofree char *title = NULL;
  SlCamera *camera;

  if (!can_play (self))
    return;
  camera = sl_view_store_lookup_camera (self->store, camera_id);
  if (camera != NULL)
    title = g_strdup_printf (_ ("%s — Recordings"), sl_camera_get_name (camera));
  show_cameras (self, &camera_id, 1, title);
}

/* The cameras a split view shows directly, in frame order, each once. */
void
sl_window_show_view_recordings (SlWindow *self, gint64 view_id)
{
  const SlViewRecord *view;
  g_autoptr (SlViewLayout) layout = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *title = NULL;

  if (!can_play (self))
    return;
  view = sl_view_store_lookup_view (self->store, view_id);
  if (view == NULL || view->kind != SL_VIEW_KIND_SPLIT ||
      (layout = sl_view_layout_new_from_json (view->definition, NULL)) == NULL)
    return;
  for (guint i = 0; i < sl_view_layout_get_n_frames (layout); i++)
    {
      const SlViewFrame *frame = sl_view_layout_get_frame (layout, i);
      gboolean seen = FALSE;

      if (frame->content != SL_FRAME_CAMERA)
        continue;
      for (guint j = 0; j < ids->len && !seen; j++)
        seen = g_array_index (ids, gint64, j) == frame->id;
      if (!seen)
        g_array_append_val (ids, frame->id);
    }
  if (ids->len == 0)
    {
      sl_window_add_toast (self, adw_toast_new (_ ("This view shows no camera")));
      return;
    }
  title = g_strdup_printf (_ ("%s — Recordings"), view->name);
  show_cameras (self, (const gint64 *)(gpointer)ids->data, ids->len, title);
}

void
sl_window_instant_replay (SlWindow *self, gint64 camera_id)
{
  g_autofree char *title = NULL;
  SlCamera *camera;

  if (!can_play (self))
    return;
  camera = sl_view_store_lookup_camera (self->store, camera_id);
  if (camera == NULL)
    return;
  title = g_strdup_printf (_ ("%s — Instant Replay"), sl_camera_get_name (camera));
  open_page (self,
             sl_recordings_page_new_replay (sl_view_store_get_catalog (self->store), camera_id,
                                            sl_camera_get_name (camera), 0),
             title);
}
