// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app-fixture.h"
#include "camsim-fixture.h"
#include "sl-camera.h"
#include "sl-catalog.h"
#include "sl-live-tile.h"
#include "sl-tile-window.h"
#include "sl-split-view.h"

/* Live tiles over camsim: the states a user sees (enter password,
 * connection lost and back), the stream an Automatic tile picks by its size
 * and the switch without a black frame, Medium, a snapshot and digital zoom.
 * The camera's streams are small (main 640×360, sub 320×180) to keep the
 * test light. */

#define MAIN_SIZE "640x360"
#define SUB_SIZE  "320x180"

typedef struct
{
  AppFixture app; /* first: the steps get the AppFixture */
  Camsim *sim;
  Camsim *locked_sim; /* a camera that wants a password */
  char *snapshot_dir;
} TileFixture;

static void
tile_fixture_set_up (TileFixture *fixture, gconstpointer user_data)
{
  app_fixture_set_up (&fixture->app, user_data);
}

static void
tile_fixture_tear_down (TileFixture *fixture, gconstpointer user_data)
{
  g_clear_pointer (&fixture->sim, camsim_stop);
  g_clear_pointer (&fixture->locked_sim, camsim_stop);
  if (fixture->snapshot_dir)
    delete_path (fixture->snapshot_dir);
  g_clear_pointer (&fixture->snapshot_dir, g_free);
  app_fixture_tear_down (&fixture->app, user_data);
}

/* camsim's URL of camera @index at another resolution. */
static char *
stream_url (Camsim *sim, guint index, const char *size)
{
  const char *url = camsim_rtsp_url (sim, index, "main");
  const char *resolution = strstr (url, "resolution=");
  g_autofree char *head = NULL;

  g_assert_nonnull (resolution);
  head = g_strndup (url, resolution - url);
  return g_strdup_printf ("%sresolution=%s%s", head, size, resolution + strcspn (resolution, "&"));
}

static void
add_cameras (TileFixture *fixture)
{
  const char *args[] = { "--cameras", "1", NULL };
  const char *locked_args[] = {
    "--cameras", "1", "--username", "root", "--password", "secret", NULL
  };
  g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (&fixture->app);
  g_autofree char *main_url = NULL;
  g_autofree char *sub_url = NULL;
  g_autoptr (GError) error = NULL;
  SlCameraRecord record = { 0 };

  fixture->sim = camsim_start (args);
  fixture->locked_sim = camsim_start (locked_args);

  main_url = stream_url (fixture->sim, 0, MAIN_SIZE);
  sub_url = stream_url (fixture->sim, 0, SUB_SIZE);
  record.name = (char *)"Gate";
  record.driver = (char *)"rtsp";
  record.main_url = main_url;
  record.sub_url = sub_url;
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP;
  g_assert_cmpint (sl_catalog_add_camera (catalog, &record, &error), >, 0);
  g_assert_no_error (error);

  /* A user name without its password: the camera refuses it. */
  memset (&record, 0, sizeof record);
  record.name = (char *)"Loading Dock";
  record.driver = (char *)"rtsp";
  record.username = (char *)"root";
  record.main_url = (char *)camsim_rtsp_url (fixture->locked_sim, 0, "sub");
  record.enabled = TRUE;
  record.transport = SL_TRANSPORT_TCP;
  g_assert_cmpint (sl_catalog_add_camera (catalog, &record, &error), >, 0);
  g_assert_no_error (error);
}

typedef struct
{
  GtkWidget *tile;
  const char *text;
} StateWait;

static gboolean
tile_says (gconstpointer data)
{
  const StateWait *wait = data;

  return g_str_equal (live_tile_state_text (wait->tile), wait->text);
}

static void
wait_for_state (GtkWidget *tile, const char *text)
{
  StateWait wait = { tile, text };
  g_autofree char *what = g_strdup_printf ("the tile to say '%s'", text);

  wait_for (tile_says, &wait, what);
}

static gboolean
is_split_view (GtkWidget *widget, gconstpointer unused)
{
  return SL_IS_SPLIT_VIEW (widget);
}

static gboolean
tiles_exist (gconstpointer data)
{
  return find_live_tile (GTK_WIDGET (data), "Gate") != NULL &&
         find_live_tile (GTK_WIDGET (data), "Loading Dock") != NULL;
}

typedef struct
{
  SlLiveTile *tile;
  SlCameraStream stream;
  int width; /* of the frames shown */
  int height;
} StreamWait;

static gboolean
tile_shows_stream (gconstpointer data)
{
  const StreamWait *wait = data;
  GdkTexture *texture = sl_video_paintable_get_texture (sl_live_tile_get_paintable (wait->tile));

  return sl_live_tile_get_stream (wait->tile) == wait->stream && texture != NULL &&
         gdk_texture_get_width (texture) == wait->width &&
         gdk_texture_get_height (texture) == wait->height;
}

static void
wait_for_stream (SlLiveTile *tile, SlCameraStream stream, int width, int height)
{
  StreamWait wait = { tile, stream, width, height };
  g_autofree char *what = g_strdup_printf ("%d×%d frames of the %s stream", width, height,
                                           stream == SL_CAMERA_STREAM_SUB ? "sub" : "main");

  wait_for (tile_shows_stream, &wait, what);
}

/* The main stream's frames, scaled down to fit the tile as the camera's
 * live branch does (aspect ratio kept, even sizes), and taller than the sub
 * stream's frames, which are never scaled up. */
static gboolean
shows_main_stream (gconstpointer data)
{
  SlLiveTile *tile = (SlLiveTile *)data;
  GdkTexture *texture = sl_video_paintable_get_texture (sl_live_tile_get_paintable (tile));
  int main_width, main_height, sub_width, sub_height;
  double scale;

  if (sl_live_tile_get_stream (tile) != SL_CAMERA_STREAM_MAIN || texture == NULL)
    return FALSE;
  g_assert_cmpint (sscanf (MAIN_SIZE, "%dx%d", &main_width, &main_height), ==, 2);
  g_assert_cmpint (sscanf (SUB_SIZE, "%dx%d", &sub_width, &sub_height), ==, 2);
  scale = MIN (1.0, MIN ((double)gtk_widget_get_width (GTK_WIDGET (tile)) / main_width,
                         (double)gtk_widget_get_height (GTK_WIDGET (tile)) / main_height));
  return gdk_texture_get_height (texture) > sub_height &&
         gdk_texture_get_width (texture) == (((int)(main_width * scale + 0.5)) & ~1) &&
         gdk_texture_get_height (texture) == (((int)(main_height * scale + 0.5)) & ~1);
}

/* Every time the paintable changes, it still has a picture. */
static void
count_empty_cb (SlVideoPaintable *paintable, guint *empty)
{
  if (!sl_video_paintable_has_frame (paintable))
    (*empty)++;
}

/* An Automatic tile in a window of its own: small, it shows the sub stream;
 * made larger, the main stream, without a black frame in between. Medium is
 * the main stream at half size; High the main stream at the tile's size. */
static void
check_automatic_profile (SlCamera *camera)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *tile = sl_live_tile_new (camera);
  SlVideoPaintable *paintable = sl_live_tile_get_paintable (SL_LIVE_TILE (tile));
  guint empty = 0;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_widget_set_halign (tile, GTK_ALIGN_START);
  gtk_widget_set_valign (tile, GTK_ALIGN_START);
  gtk_widget_set_size_request (tile, 320, 180);
  gtk_window_set_child (GTK_WINDOW (window), tile);
  gtk_window_present (GTK_WINDOW (window));

  wait_for_stream (SL_LIVE_TILE (tile), SL_CAMERA_STREAM_SUB, 320, 180);
  g_assert_true (sl_camera_is_sub_stream_running (camera));
  g_assert_true (sl_camera_get_stream_size (camera, SL_CAMERA_STREAM_SUB, &width, &height));
  g_assert_cmpint (width, ==, 320);
  g_assert_cmpint (height, ==, 180);
  take_screenshot (window, "live-tile-small.png");

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_empty_cb), &empty);
  gtk_widget_set_size_request (tile, 640, 360);
  wait_for_stream (SL_LIVE_TILE (tile), SL_CAMERA_STREAM_MAIN, 640, 360);
  run_for (0.3);
  g_assert_cmpuint (empty, ==, 0);
  /* The sub stream's viewer went with its last frame. */
  g_assert_cmpuint (sl_camera_get_n_stream_viewers (camera, SL_CAMERA_STREAM_SUB), ==, 0);

  gtk_widget_activate_action (tile, "tile.profile", "s", "medium");
  g_assert_cmpint (sl_live_tile_get_profile (SL_LIVE_TILE (tile)), ==, SL_STREAM_PROFILE_MEDIUM);
  wait_for_stream (SL_LIVE_TILE (tile), SL_CAMERA_STREAM_MAIN, 320, 180);
  /* High, in a smaller tile: the main stream scaled to the tile's size. */
  gtk_widget_activate_action (tile, "tile.profile", "s", "high");
  gtk_widget_set_size_request (tile, 480, 270);
  wait_for_stream (SL_LIVE_TILE (tile), SL_CAMERA_STREAM_MAIN, 480, 270);
  g_assert_cmpuint (empty, ==, 0);
  g_signal_handlers_disconnect_by_func (paintable, count_empty_cb, &empty);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
snapshot_written (gconstpointer data)
{
  return g_object_get_data (G_OBJECT (data), "sl-last-snapshot") != NULL;
}

static gboolean
toast_shown (gconstpointer data)
{
  return find_widget (GTK_WIDGET (data), is_shown_label_containing, "Snapshot saved") != NULL;
}

/* A snapshot is a PNG of the frame at the stream's size in the folder of
 * the preferences, and a toast says so. */
static void
check_snapshot (TileFixture *fixture, SlWindow *window, GtkWidget *tile)
{
  g_autoptr (GSettings) settings = g_settings_new ("org.sightline.Sightline");
  g_autoptr (GdkTexture) png = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;
  GFile *file;

  fixture->snapshot_dir = g_dir_make_tmp ("sl-snapshots-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (fixture->snapshot_dir, "Snapshots", NULL);
  g_settings_set_string (settings, "snapshot-folder", folder);

  gtk_widget_activate_action (tile, "tile.snapshot", NULL);
  wait_for (snapshot_written, tile, "the snapshot to be written");
  file = g_object_get_data (G_OBJECT (tile), "sl-last-snapshot");
  g_assert_true (g_str_has_prefix (g_file_peek_path (file), folder));
  g_assert_true (g_str_has_suffix (g_file_peek_path (file), ".png"));
  g_assert_true (g_str_has_prefix (strrchr (g_file_peek_path (file), '/') + 1, "Gate "));
  png = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (png), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (png), ==, 360);
  wait_for (toast_shown, window, "the toast that says the snapshot was saved");
}

/* Zooming in shows a part of the same frame larger: the tile changes, the tile shows the zoom, and the whole picture comes back the
 * same. The frame is held still meanwhile. */
static void
check_zoom (SlWindow *window, GtkWidget *tile)
{
  SlVideoPaintable *paintable = sl_live_tile_get_paintable (SL_LIVE_TILE (tile));
  g_autoptr (GdkTexture) whole = NULL;
  g_autoptr (GdkTexture) zoomed = NULL;
  g_autoptr (GdkTexture) reset = NULL;
  g_autofree guint32 *before = NULL;
  g_autofree guint32 *after = NULL;
  g_autofree guint32 *back = NULL;
  graphene_rect_t bounds;
  int stride;
  guint changed, area, source;

  g_assert_true (gtk_widget_compute_bounds (tile, GTK_WIDGET (window), &bounds));
  /* The same frame each time: frames of another source are dropped. */
  source = sl_video_paintable_get_shown_source (paintable);
  sl_video_paintable_set_source (paintable, G_MAXUINT);
  run_for (0.2);
  wait_until_drawn (GTK_WIDGET (window));
  whole = render_window (GTK_WIDGET (window));
  gtk_widget_activate_action (tile, "tile.zoom-in", NULL);
  gtk_widget_activate_action (tile, "tile.zoom-in", NULL);
  gtk_widget_activate_action (tile, "tile.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (sl_video_paintable_get_zoom (paintable, NULL, NULL),
                                  1.25 * 1.25 * 1.25, 1e-6);
  g_assert_nonnull (find_widget (tile, is_shown_label_containing, "2.0×"));
  wait_until_drawn (GTK_WIDGET (window));
  zoomed = render_window (GTK_WIDGET (window));
  gtk_widget_activate_action (tile, "tile.zoom-reset", NULL);
  wait_until_drawn (GTK_WIDGET (window));
  reset = render_window (GTK_WIDGET (window));
  sl_video_paintable_set_source (paintable, source);
  g_assert_true (gdk_texture_save_to_png (zoomed, screenshot_path ("live-tile-zoomed.png")));

  stride = gdk_texture_get_width (whole);
  before = download_pixels (whole);
  after = download_pixels (zoomed);
  back = download_pixels (reset);
  changed = count_changed_pixels (before, after, stride, &bounds);
  area = (guint)(bounds.size.width * bounds.size.height);
  g_test_message ("Zoom changed %u of %u pixels of the tile", changed, area);
  /* The picture is mostly a plain background: the ball, the grid and the
   * text moving apart change a few percent of it. */
  g_assert_cmpuint (changed, >, area / 50);
  g_assert_cmpuint (count_changed_pixels (before, back, stride, &bounds), ==, 0);
  g_assert_cmpfloat (sl_video_paintable_get_zoom (paintable, NULL, NULL), ==, 1.0);
}

static gboolean
tile_window_live (gconstpointer data)
{
  GtkWindow *window = find_shown_toplevel (SL_TYPE_TILE_WINDOW);

  if (window == NULL || !g_str_equal (live_tile_state_text (GTK_WIDGET (
                                          sl_tile_window_get_tile (SL_TILE_WINDOW (window)))),
                                      "Live"))
    return FALSE;
  *(GtkWidget **)data = GTK_WIDGET (window);
  return TRUE;
}

/* "Open in New Window": the camera alone in a window, live. */
static void
check_new_window (GtkWidget *tile)
{
  GtkWidget *window = NULL;

  gtk_widget_activate_action (tile, "tile.open-window", NULL);
  wait_for (tile_window_live, &window, "a window with the camera's live video");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Gate");
  take_screenshot (window, "live-tile-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  SlVideoPaintable *paintable;
  guint64 frames;
} FramesWait;

static gboolean
has_new_frames (gconstpointer data)
{
  const FramesWait *wait = data;

  return sl_video_paintable_get_frames (wait->paintable) > wait->frames + 5;
}

/* The network goes down: the tile says so; it comes back: so does the video. */
static void
check_connection_lost (TileFixture *fixture, GtkWidget *tile)
{
  FramesWait wait = { sl_live_tile_get_paintable (SL_LIVE_TILE (tile)), 0 };

  camsim_control (fixture->sim, 0, "network?state=down");
  wait_for_state (tile, "Connection lost");
  take_screenshot (gtk_widget_get_ancestor (tile, GTK_TYPE_WINDOW), "live-tile-lost.png");
  camsim_control (fixture->sim, 0, "network?state=up");
  wait.frames = sl_video_paintable_get_frames (wait.paintable);
  wait_for (has_new_frames, &wait, "new frames after the network came back");
  wait_for_state (tile, "Live");
}

static gboolean
live_tile_steps (gpointer user_data)
{
  TileFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  GtkWidget *gate, *dock, *grid;

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  wait_for (tiles_exist, window, "the tiles of both cameras");
  gate = find_live_tile (GTK_WIDGET (window), "Gate");
  dock = find_live_tile (GTK_WIDGET (window), "Loading Dock");

  wait_for_state (dock, "Enter password");
  wait_for_state (gate, "Live");
  /* A 2×2 view in a 1280×800 window, beside the sidebar and below the tab
   * bar: the tile is taller than 1.2 × the sub stream's 180 rows, so
   * Automatic shows the main stream, at the tile's size (it is narrower than
   * the main stream's 640 columns). */
  g_assert_cmpint (gtk_widget_get_height (gate), >, 1.2 * 180);
  wait_for (shows_main_stream, gate, "the main stream in the view's tile");
  sl_live_tile_set_motion (SL_LIVE_TILE (gate), TRUE);
  take_screenshot (GTK_WIDGET (window), "live-tile-states.png");
  sl_live_tile_set_motion (SL_LIVE_TILE (gate), FALSE);

  check_zoom (window, gate);
  check_snapshot (fixture, window, gate);
  /* Alone with its camera: the view's tile would share its frames. */
  grid = find_widget (GTK_WIDGET (window), is_split_view, NULL);
  gtk_widget_set_visible (grid, FALSE);
  check_automatic_profile (sl_live_tile_get_camera (SL_LIVE_TILE (gate)));
  gtk_widget_set_visible (grid, TRUE);
  if (GTK_IS_STACK (gtk_widget_get_parent (grid)))
    gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (grid)), grid);
  check_new_window (gate);
  check_connection_lost (fixture, gate);

  quit_stopping_recording (application);
  return G_SOURCE_REMOVE;
}

static void
test_live_tile (TileFixture *fixture, gconstpointer user_data)
{
  add_cameras (fixture);
  app_fixture_run (&fixture->app, live_tile_steps);
  assert_all_windows_gone (&fixture->app);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* No Secret Service on the test bus: passwords would go to the 0600 file. */
  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  home = ui_test_init (&argc, &argv);

  g_test_add ("/live-tile/states-streams-snapshot-zoom", TileFixture, NULL, tile_fixture_set_up,
              test_live_tile, tile_fixture_tear_down);

  status = g_test_run ();
  delete_path (home);
  return status;
}
