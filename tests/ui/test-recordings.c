// SPDX-License-Identifier: GPL-3.0-or-later
/* The recordings tab in the application: a camsim camera records, its
 * recordings open from win.show-recordings, the timeline seeks the player
 * and follows it, dragging the playhead pauses playback, the timeline's menu
 * opens the bookmark and export dialogs, and instant replay plays the last
 * seconds. */

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "app-fixture.h"
#include "camsim-fixture.h"
#include "sl-bookmark-dialog.h"
#include "sl-camera.h"
#include "sl-export-dialog.h"
#include "sl-playback-view.h"
#include "sl-recordings-page.h"
#include "sl-timeline.h"
#include "sl-video-paintable.h"

typedef struct
{
  AppFixture app; /* first: the steps get the AppFixture */
  Camsim *sim;
  char *name;
  char *snapshot_dir;
} RecordingsFixture;

static void
fixture_set_up (RecordingsFixture *fixture, gconstpointer user_data)
{
  app_fixture_set_up (&fixture->app, user_data);
}

static void
fixture_tear_down (RecordingsFixture *fixture, gconstpointer user_data)
{
  g_clear_pointer (&fixture->sim, camsim_stop);
  g_clear_pointer (&fixture->name, g_free);
  if (fixture->snapshot_dir != NULL)
    delete_path (fixture->snapshot_dir);
  g_clear_pointer (&fixture->snapshot_dir, g_free);
  app_fixture_tear_down (&fixture->app, user_data);
}

typedef struct
{
  SlWindow *window;
  const char *name;
} TileWait;

static gboolean
tile_live (gconstpointer data)
{
  const TileWait *wait = data;
  GtkWidget *tile = find_live_tile (GTK_WIDGET (wait->window), wait->name);

  return tile != NULL && g_str_equal (live_tile_state_text (tile), "Live");
}

static gboolean
is_recordings_page (GtkWidget *widget, gconstpointer unused)
{
  return SL_IS_RECORDINGS_PAGE (widget) && gtk_widget_get_mapped (widget);
}

static SlRecordingsPage *
wait_for_page (SlWindow *window)
{
  SlRecordingsPage *page = NULL;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while ((page = (SlRecordingsPage *)find_widget (GTK_WIDGET (window), is_recordings_page, NULL)) ==
         NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_for (0.05);
    }
  return page;
}

typedef struct
{
  SlPlaybackView *playback;
  gint64 time_us;
} ShownAt;

/* The player shows a frame within 100 ms of the time asked for. */
static gboolean
frame_shown_at (gconstpointer data)
{
  const ShownAt *shown = data;
  SlVideoPaintable *paintable =
      SL_VIDEO_PAINTABLE (sl_playback_view_get_paintable (shown->playback));
  gint64 position = sl_playback_view_get_position (shown->playback);

  return sl_video_paintable_has_frame (paintable) && ABS (position - shown->time_us) < 100000;
}

static gboolean
shows_frame (gconstpointer data)
{
  SlPlaybackView *playback = SL_PLAYBACK_VIEW ((gpointer)data);

  return sl_video_paintable_has_frame (
      SL_VIDEO_PAINTABLE (sl_playback_view_get_paintable (playback)));
}

static gboolean
timeline_follows (gconstpointer data)
{
  SlRecordingsPage *page = SL_RECORDINGS_PAGE ((gpointer)data);
  SlTimeline *timeline = SL_TIMELINE (sl_recordings_page_get_timeline (page));
  SlPlaybackView *playback = SL_PLAYBACK_VIEW (sl_recordings_page_get_playback_view (page));

  return sl_timeline_is_loaded (timeline) &&
         sl_timeline_get_position (timeline) == sl_playback_view_get_position (playback);
}

static gboolean
is_playing (gconstpointer data)
{
  return sl_playback_view_get_playing (SL_PLAYBACK_VIEW ((gpointer)data));
}

static gboolean
toplevel_shown (gconstpointer data)
{
  return find_shown_toplevel (*(const GType *)data) != NULL;
}

static void
assert_dialog_opens (GType type, const char *what, const char *screenshot)
{
  GtkWindow *dialog;

  wait_for (toplevel_shown, &type, what);
  dialog = find_shown_toplevel (type);
  take_screenshot (GTK_WIDGET (dialog), screenshot);
  gtk_window_destroy (dialog);
}

static gboolean
snapshot_written (gconstpointer data)
{
  return g_object_get_data (G_OBJECT (data), "sl-last-snapshot") != NULL;
}

/* Snapshot from playback (Shift+Ctrl+S, playback.snapshot): a PNG of the frame
 * shown at its decoded size, in the snapshot folder, named after the camera. */
static void
assert_snapshot (RecordingsFixture *fixture, SlPlaybackView *playback)
{
  g_autoptr (GSettings) settings = g_settings_new ("org.sightline.Sightline");
  GdkTexture *shown = sl_video_paintable_get_texture (
      SL_VIDEO_PAINTABLE (sl_playback_view_get_paintable (playback)));
  g_autoptr (GdkTexture) png = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *prefix = NULL;
  GFile *file;

  fixture->snapshot_dir = g_dir_make_tmp ("sl-snapshots-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (fixture->snapshot_dir, "Snapshots", NULL);
  g_settings_set_string (settings, "snapshot-folder", folder);

  g_assert_nonnull (shown);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (playback), "playback.snapshot", NULL));
  wait_for (snapshot_written, playback, "the snapshot to be written");
  file = g_object_get_data (G_OBJECT (playback), "sl-last-snapshot");
  g_assert_true (g_str_has_prefix (g_file_peek_path (file), folder));
  prefix = g_strconcat (fixture->name, " ", NULL);
  g_assert_true (g_str_has_prefix (strrchr (g_file_peek_path (file), '/') + 1, prefix));
  png = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (png), ==, gdk_texture_get_width (shown));
  g_assert_cmpint (gdk_texture_get_height (png), ==, gdk_texture_get_height (shown));
  g_assert_cmpint (gdk_texture_get_width (png), >=, 320);
}

static gboolean
recordings_steps (gpointer user_data)
{
  RecordingsFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  AdwTabView *tabs = sl_window_get_tab_view (window);
  SlRecordingsPage *page;
  SlTimeline *timeline;
  SlPlaybackView *playback;
  SlCamera *camera;
  gint64 started, seek_to, selection_start, selection_end;
  ShownAt shown;
  TileWait tile_wait;

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  tile_wait = (TileWait){ window, fixture->name };
  wait_for (tile_live, &tile_wait, "live video");
  camera =
      sl_live_tile_get_camera (SL_LIVE_TILE (find_live_tile (GTK_WIDGET (window), fixture->name)));
  started = g_get_real_time ();
  run_for (4.0);

  /* A camera's recordings open in a tab of their own. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-recordings",
                                  g_variant_new_int64 (sl_camera_get_id (camera)));
  page = wait_for_page (window);
  g_assert_true (g_str_has_prefix (adw_tab_page_get_title (adw_tab_view_get_selected_page (tabs)),
                                   fixture->name));
  timeline = SL_TIMELINE (sl_recordings_page_get_timeline (page));
  playback = SL_PLAYBACK_VIEW (sl_recordings_page_get_playback_view (page));
  g_assert_cmpuint (sl_timeline_get_n_cameras (timeline), ==, 1);

  /* A click on the timeline shows the frame recorded then, and the
   * timeline's playhead follows the player. */
  seek_to = started + 2 * G_USEC_PER_SEC;
  g_signal_emit_by_name (timeline, "seek", seek_to);
  shown = (ShownAt){ playback, seek_to };
  wait_for (frame_shown_at, &shown, "the frame at the time clicked");
  wait_for (timeline_follows, page, "the playhead to follow the player");
  take_screenshot (GTK_WIDGET (window), "recordings-page.png");
  assert_snapshot (fixture, playback);

  /* Dragging the playhead pauses playback; letting go resumes it. */
  sl_playback_view_play (playback);
  wait_for (is_playing, playback, "playback to start");
  g_signal_emit_by_name (timeline, "scrub-begin");
  g_assert_false (sl_playback_view_get_playing (playback));
  g_signal_emit_by_name (timeline, "scrub-end");
  wait_for (is_playing, playback, "playback to resume after the drag");
  sl_playback_view_pause (playback);

  /* The timeline's menu: a bookmark at the playhead, the selection to export. */
  g_signal_emit_by_name (timeline, "add-bookmark", seek_to);
  assert_dialog_opens (SL_TYPE_BOOKMARK_DIALOG, "the bookmark dialog", "recordings-bookmark.png");
  selection_start = started;
  selection_end = started + 3 * G_USEC_PER_SEC;
  sl_timeline_set_selection (timeline, selection_start, selection_end);
  g_signal_emit_by_name (timeline, "export-selection", selection_start, selection_end);
  assert_dialog_opens (SL_TYPE_EXPORT_DIALOG, "the export dialog", "recordings-export.png");

  /* Instant replay: another tab, playing the last seconds. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "instant-replay",
                                  g_variant_new_int64 (sl_camera_get_id (camera)));
  wait_for (timeline_follows, page, "the first tab to settle");
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 3);
  page = wait_for_page (window);
  g_assert_true (strstr (adw_tab_page_get_title (adw_tab_view_get_selected_page (tabs)),
                         "Instant Replay") != NULL);
  wait_for (is_playing, sl_recordings_page_get_playback_view (page), "instant replay to play");
  wait_for (shows_frame, sl_recordings_page_get_playback_view (page),
            "instant replay to show a frame");

  quit_stopping_recording (application);
  return G_SOURCE_REMOVE;
}

static void
test_recordings (RecordingsFixture *fixture, gconstpointer user_data)
{
  const char *args[] = { "--cameras", "1", NULL };
  g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (&fixture->app);
  g_autoptr (GError) error = NULL;
  SlCameraRecord record = { 0 };

  fixture->sim = camsim_start (args);
  fixture->name =
      g_strdup (json_object_get_string_member (camsim_camera (fixture->sim, 0), "name"));
  record.name = fixture->name;
  record.driver = (char *)"rtsp";
  /* The low-bitrate stream: the segment being written grows a GOP at a
   * time, and the seek below lands in the part not written yet. */
  record.main_url = (char *)camsim_rtsp_url (fixture->sim, 0, "sub");
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP;
  g_assert_cmpint (sl_catalog_add_camera (catalog, &record, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&catalog);

  app_fixture_run (&fixture->app, recordings_steps);
  assert_all_windows_gone (&fixture->app);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  home = ui_test_init (&argc, &argv);
  g_test_add ("/recordings/tab", RecordingsFixture, NULL, fixture_set_up, test_recordings,
              fixture_tear_down);
  status = g_test_run ();
  delete_path (home);
  return status;
}
