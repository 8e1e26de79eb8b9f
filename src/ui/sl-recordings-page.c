// SPDX-License-Identifier: GPL-3.0-or-later
/* SlRecordingsPage: the recordings tab. It owns no logic of its own beyond
 * the wiring between SlPlaybackView (players, transport), SlTimeline
 * (coverage, playhead, range) and SlBookmarkList (bookmarks panel). */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-bookmark-dialog.h"
#include "sl-bookmark-list.h"
#include "sl-export-dialog.h"
#include "sl-playback-view.h"
#include "sl-recordings-page.h"
#include "sl-timeline.h"

/* How much of the timeline a new page shows around its start. */
#define INITIAL_SPAN_US ((gint64)G_USEC_PER_SEC * 60 * 60)

struct _SlRecordingsPage
{
  AdwBin parent_instance;

  SlCatalog *catalog;
  GArray *camera_ids; /* gint64 */
  SlPlaybackView *playback;
  SlTimeline *timeline;
  SlBookmarkList *bookmarks;
  gboolean resume_after_scrub;
};

G_DEFINE_FINAL_TYPE (SlRecordingsPage, sl_recordings_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_GO_LIVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
first_camera (SlRecordingsPage *self)
{
  return self->camera_ids->len > 0 ? g_array_index (self->camera_ids, gint64, 0) : 0;
}

static gboolean
has_camera (SlRecordingsPage *self, gint64 camera_id)
{
  for (guint i = 0; i < self->camera_ids->len; i++)
    if (g_array_index (self->camera_ids, gint64, i) == camera_id)
      return TRUE;
  return FALSE;
}

static GtkWindow *
parent_window (SlRecordingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* ---- timeline → playback -------------------------------------------------- */

static void
timeline_seek_cb (SlTimeline *timeline, gint64 time_us, SlRecordingsPage *self)
{
  sl_timeline_set_live (timeline, FALSE);
  sl_playback_view_seek (self->playback, time_us);
}

/* Playback pauses while the playhead is dragged, as the seeds describe, and
 * resumes after it if it was playing. */
static void
timeline_scrub_begin_cb (SlTimeline *timeline, SlRecordingsPage *self)
{
  self->resume_after_scrub = sl_playback_view_get_playing (self->playback);
  if (self->resume_after_scrub)
    sl_playback_view_pause (self->playback);
}

static void
timeline_scrub_end_cb (SlTimeline *timeline, SlRecordingsPage *self)
{
  if (self->resume_after_scrub)
    sl_playback_view_play (self->playback);
  self->resume_after_scrub = FALSE;
}

static void
playback_position_cb (SlPlaybackView *playback, GParamSpec *pspec, SlRecordingsPage *self)
{
  gint64 position = sl_playback_view_get_position (playback);

  if (position > 0 && !sl_timeline_get_scrubbing (self->timeline))
    sl_timeline_set_position (self->timeline, position);
}

static void
playback_go_live_cb (SlPlaybackView *playback, SlRecordingsPage *self)
{
  g_signal_emit (self, signals[SIGNAL_GO_LIVE], 0, first_camera (self));
}

/* ---- bookmarks and export -------------------------------------------------- */

static void
bookmark_saved_cb (SlBookmarkDialog *dialog, gint64 bookmark_id, SlRecordingsPage *self)
{
  sl_timeline_refresh (self->timeline);
  sl_bookmark_list_reload (self->bookmarks);
}

static void
timeline_add_bookmark_cb (SlTimeline *timeline, gint64 time_us, SlRecordingsPage *self)
{
  /* One camera: its bookmark; several: the dialog lets the user pick. */
  gint64 camera_id = self->camera_ids->len == 1 ? first_camera (self) : 0;
  SlBookmarkDialog *dialog =
      sl_bookmark_dialog_new_add (parent_window (self), self->catalog, camera_id, time_us);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (bookmark_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Every camera of the page over the selected range goes into the export list. */
static void
timeline_export_cb (SlTimeline *timeline, gint64 start_us, gint64 end_us, SlRecordingsPage *self)
{
  GtkWindow *parent = parent_window (self);
  GtkApplication *application = parent != NULL ? gtk_window_get_application (parent) : NULL;
  g_autofree char *data_dir = g_path_get_dirname (sl_catalog_get_path (self->catalog));
  GtkWidget *dialog;

  if (application == NULL)
    return;
  dialog = sl_export_dialog_new (application, data_dir);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  for (guint i = 0; i < self->camera_ids->len; i++)
    sl_export_dialog_add_range (SL_EXPORT_DIALOG (dialog),
                                g_array_index (self->camera_ids, gint64, i), start_us, end_us);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bookmark_jump_cb (SlBookmarkList *list, gint64 camera_id, gint64 time_us, SlRecordingsPage *self)
{
  if (!has_camera (self, camera_id))
    return;
  sl_timeline_set_live (self->timeline, FALSE);
  sl_timeline_set_position (self->timeline, time_us);
  sl_playback_view_seek (self->playback, time_us);
}

/* ---- construction ---------------------------------------------------------------- */

static void
sl_recordings_page_dispose (GObject *object)
{
  SlRecordingsPage *self = SL_RECORDINGS_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sl_recordings_page_parent_class)->dispose (object);
}

static void
sl_recordings_page_finalize (GObject *object)
{
  SlRecordingsPage *self = SL_RECORDINGS_PAGE (object);

  g_array_unref (self->camera_ids);
  G_OBJECT_CLASS (sl_recordings_page_parent_class)->finalize (object);
}

static void
sl_recordings_page_class_init (SlRecordingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_recordings_page_dispose;
  object_class->finalize = sl_recordings_page_finalize;

  /**
   * SlRecordingsPage::go-live:
   * @camera_id: the (first) camera of the page
   */
  signals[SIGNAL_GO_LIVE] = g_signal_new ("go-live", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "recordingspage");
}

static void
sl_recordings_page_init (SlRecordingsPage *self)
{
  self->camera_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* The page around an existing playback view (which knows its cameras). */
static SlRecordingsPage *
build (SlCatalog *catalog,
       GtkWidget *playback,
       const gint64 *camera_ids,
       const char *const *names,
       guint n_cameras,
       gint64 start_us)
{
  SlRecordingsPage *self = g_object_new (SL_TYPE_RECORDINGS_PAGE, NULL);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *timeline = sl_timeline_new ();
  GtkWidget *bookmarks = sl_bookmark_list_new (catalog);
  gint64 now = g_get_real_time ();

  self->catalog = g_object_ref (catalog);
  g_array_append_vals (self->camera_ids, camera_ids, n_cameras);
  self->playback = SL_PLAYBACK_VIEW (playback);
  self->timeline = SL_TIMELINE (timeline);
  self->bookmarks = SL_BOOKMARK_LIST (bookmarks);

  sl_timeline_set_catalog (self->timeline, catalog);
  sl_timeline_set_cameras (self->timeline, camera_ids, names, n_cameras);
  /* The start sits a little right of the middle: recordings lead up to it. */
  sl_timeline_set_visible_range (self->timeline, start_us - INITIAL_SPAN_US * 2 / 3,
                                 MIN (now, start_us) + INITIAL_SPAN_US / 3);
  sl_timeline_set_position (self->timeline, start_us);
  sl_playback_view_set_timeline (self->playback, timeline);

  g_signal_connect_object (timeline, "seek", G_CALLBACK (timeline_seek_cb), self, 0);
  g_signal_connect_object (timeline, "scrub-begin", G_CALLBACK (timeline_scrub_begin_cb), self, 0);
  g_signal_connect_object (timeline, "scrub-end", G_CALLBACK (timeline_scrub_end_cb), self, 0);
  g_signal_connect_object (timeline, "add-bookmark", G_CALLBACK (timeline_add_bookmark_cb), self,
                           0);
  g_signal_connect_object (timeline, "export-selection", G_CALLBACK (timeline_export_cb), self, 0);
  g_signal_connect_object (playback, "notify::position", G_CALLBACK (playback_position_cb), self,
                           0);
  g_signal_connect_object (playback, "go-live", G_CALLBACK (playback_go_live_cb), self, 0);
  g_signal_connect_object (bookmarks, "jump", G_CALLBACK (bookmark_jump_cb), self, 0);

  gtk_widget_set_hexpand (playback, TRUE);
  gtk_widget_set_size_request (bookmarks, 280, -1);
  gtk_paned_set_start_child (GTK_PANED (paned), playback);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_end_child (GTK_PANED (paned), bookmarks);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  adw_bin_set_child (ADW_BIN (self), paned);
  return self;
}

/**
 * sl_recordings_page_new:
 * @catalog: the recorder's catalog
 * @camera_ids: (array length=n_cameras): the cameras to play, in order
 * @names: (array length=n_cameras): their names
 * @n_cameras: how many
 * @start_us: where playback starts (paused there)
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
sl_recordings_page_new (SlCatalog *catalog,
                        const gint64 *camera_ids,
                        const char *const *names,
                        guint n_cameras,
                        gint64 start_us)
{
  GtkWidget *playback;
  SlRecordingsPage *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (n_cameras > 0, NULL);

  playback = sl_playback_view_new (catalog);
  for (guint i = 0; i < n_cameras; i++)
    sl_playback_view_add_camera (SL_PLAYBACK_VIEW (playback), camera_ids[i], names[i]);
  self = build (catalog, playback, camera_ids, names, n_cameras, start_us);
  sl_playback_view_seek (self->playback, start_us);
  return GTK_WIDGET (self);
}

/**
 * sl_recordings_page_new_replay:
 * @seconds: how far back, 1 to 600; 0 for the "instant-replay-seconds" setting
 *
 * Returns: (transfer floating): a page playing @camera_id's last @seconds
 */
GtkWidget *
sl_recordings_page_new_replay (SlCatalog *catalog, gint64 camera_id, const char *name, int seconds)
{
  GtkWidget *playback;
  const char *names[] = { name };

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  playback = sl_playback_view_new_instant_replay (catalog, camera_id, name, seconds);
  return GTK_WIDGET (build (catalog, playback, &camera_id, names, 1,
                            sl_playback_view_get_position (SL_PLAYBACK_VIEW (playback))));
}

GtkWidget *
sl_recordings_page_get_playback_view (SlRecordingsPage *self)
{
  g_return_val_if_fail (SL_IS_RECORDINGS_PAGE (self), NULL);
  return GTK_WIDGET (self->playback);
}

GtkWidget *
sl_recordings_page_get_timeline (SlRecordingsPage *self)
{
  g_return_val_if_fail (SL_IS_RECORDINGS_PAGE (self), NULL);
  return GTK_WIDGET (self->timeline);
}

GtkWidget *
sl_recordings_page_get_bookmark_list (SlRecordingsPage *self)
{
  g_return_val_if_fail (SL_IS_RECORDINGS_PAGE (self), NULL);
  return GTK_WIDGET (self->bookmarks);
}
