// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "app-fixture.h"
#include "camsim-fixture.h"
#include "sl-camera.h"
#include "sl-catalog.h"
#include "sl-live-tile.h"
#include "sl-split-view.h"

#define N_CAMERAS 4

/* Frames each tile shows before the video counts as flowing. */
#define MIN_FRAMES 5

/* Pixels that must change inside a tile between two screenshots a second
 * apart: the ball and the clock of camsim's picture move far more. */
#define MIN_CHANGED_PIXELS 200

typedef struct
{
  AppFixture app; /* first: the steps get the AppFixture */
  Camsim *sim;
  char *names[N_CAMERAS];
} LiveFixture;

static void
live_fixture_set_up (LiveFixture *fixture, gconstpointer user_data)
{
  app_fixture_set_up (&fixture->app, user_data);
}

static void
live_fixture_tear_down (LiveFixture *fixture, gconstpointer user_data)
{
  g_clear_pointer (&fixture->sim, camsim_stop);
  for (guint i = 0; i < N_CAMERAS; i++)
    g_clear_pointer (&fixture->names[i], g_free);
  app_fixture_tear_down (&fixture->app, user_data);
}

/* Simulated cameras without a password, added the way the CLI adds them; their
 * sub streams (640×360) keep the test light. */
static void
add_simulated_cameras (LiveFixture *fixture)
{
  const char *args[] = { "--cameras", G_STRINGIFY (N_CAMERAS), NULL };
  g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (&fixture->app);

  fixture->sim = camsim_start (args);

  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autoptr (GError) error = NULL;
      SlCameraRecord record = { 0 };

      fixture->names[i] =
          g_strdup (json_object_get_string_member (camsim_camera (fixture->sim, i), "name"));
      record.name = fixture->names[i];
      record.driver = (char *)"rtsp";
      record.main_url = (char *)camsim_rtsp_url (fixture->sim, i, "sub");
      record.enabled = TRUE;
      record.transport = SL_TRANSPORT_TCP_THEN_UDP;

      g_assert_cmpint (sl_catalog_add_camera (catalog, &record, &error), >, 0);
      g_assert_no_error (error);
    }
}

static gboolean
is_split_view (GtkWidget *widget, gconstpointer unused)
{
  return SL_IS_SPLIT_VIEW (widget);
}

static gboolean
has_all_tiles (gconstpointer data)
{
  g_autoptr (GPtrArray) tiles = find_live_tiles (GTK_WIDGET (data));

  return tiles->len == N_CAMERAS;
}

/* Every tile has shown a few frames and says its camera is live. */
static gboolean
all_tiles_live (gconstpointer data)
{
  g_autoptr (GPtrArray) tiles = find_live_tiles (GTK_WIDGET (data));

  for (guint i = 0; i < tiles->len; i++)
    {
      SlLiveTile *tile = tiles->pdata[i];

      if (sl_video_paintable_get_frames (sl_live_tile_get_paintable (tile)) < MIN_FRAMES ||
          !g_str_equal (live_tile_state_text (tiles->pdata[i]), "Live"))
        return FALSE;
    }

  return tiles->len == N_CAMERAS;
}

/* What each tile shows and what its camera does, when a wait failed. */
static void
describe_tiles (GPtrArray *tiles)
{
  for (guint i = 0; i < tiles->len; i++)
    {
      SlCamera *camera = sl_live_tile_get_camera (tiles->pdata[i]);

      g_test_message ("Tile '%s': %" G_GUINT64_FORMAT " frames, says '%s'; the camera records "
                      "%.0f bit/s at %.1f fps for %u viewers",
                      live_tile_name_text (tiles->pdata[i]),
                      sl_video_paintable_get_frames (sl_live_tile_get_paintable (tiles->pdata[i])),
                      live_tile_state_text (tiles->pdata[i]), sl_camera_get_bitrate (camera),
                      sl_camera_get_frame_rate (camera), sl_camera_get_n_viewers (camera));
    }
}

/* wait_for() that says which tiles lag at the deadline. */
static void
wait_for_tiles (Condition condition, gconstpointer data, GPtrArray *tiles, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          describe_tiles (tiles);
          g_error ("Timed out after %d s waiting for %s", DEADLINE_SECONDS, what);
        }

      run_for (0.1);
    }
}

/* Two screenshots a second apart differ inside every tile. */
static void
assert_video_moves (SlWindow *window, GPtrArray *tiles)
{
  g_autoptr (GdkTexture) first = NULL;
  g_autoptr (GdkTexture) second = NULL;
  g_autofree guint32 *before = NULL;
  g_autofree guint32 *after = NULL;
  g_autofree char *path = screenshot_path ("live-view.png");
  int width;

  wait_until_drawn (GTK_WIDGET (window));
  first = render_window (GTK_WIDGET (window));
  run_for (1.0);
  wait_until_drawn (GTK_WIDGET (window));
  second = render_window (GTK_WIDGET (window));

  g_assert_true (gdk_texture_save_to_png (second, path));
  g_test_message ("Screenshot: %s", path);

  width = gdk_texture_get_width (first);
  g_assert_cmpint (gdk_texture_get_width (second), ==, width);
  g_assert_cmpint (gdk_texture_get_height (second), ==, gdk_texture_get_height (first));
  before = download_pixels (first);
  after = download_pixels (second);

  for (guint i = 0; i < tiles->len; i++)
    {
      GtkWidget *tile = tiles->pdata[i];
      graphene_rect_t bounds;
      guint changed;

      g_assert_true (gtk_widget_compute_bounds (tile, GTK_WIDGET (window), &bounds));
      g_assert_cmpfloat (bounds.size.width, >, 100);
      g_assert_cmpfloat (bounds.size.height, >, 50);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gdk_texture_get_height (first));

      changed = count_changed_pixels (before, after, width, &bounds);
      g_test_message ("Tile '%s' at %.0f,%.0f %.0fx%.0f: %u pixels changed in 1 s",
                      live_tile_name_text (tile), bounds.origin.x, bounds.origin.y,
                      bounds.size.width, bounds.size.height, changed);
      g_assert_cmpuint (changed, >=, MIN_CHANGED_PIXELS);
    }
}

static gboolean
all_viewers_attached (gconstpointer data)
{
  const GPtrArray *tiles = data;

  for (guint i = 0; i < tiles->len; i++)
    {
      if (sl_camera_get_n_viewers (sl_live_tile_get_camera (tiles->pdata[i])) != 1)
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GPtrArray *tiles;
  guint64 *frames_before;
} FramesWait;

static gboolean
all_tiles_show_new_frames (gconstpointer data)
{
  const FramesWait *wait = data;

  for (guint i = 0; i < wait->tiles->len; i++)
    {
      SlLiveTile *tile = wait->tiles->pdata[i];

      if (sl_video_paintable_get_frames (sl_live_tile_get_paintable (tile)) <=
          wait->frames_before[i])
        return FALSE;
    }

  return TRUE;
}

/* A view out of sight stops decoding, and decodes again when it comes back.
 * Hiding the view is what switching to another page or tab does to it. */
static void
assert_hidden_view_stops_decoding (SlWindow *window, GPtrArray *tiles)
{
  GtkWidget *grid = find_widget (GTK_WIDGET (window), is_split_view, NULL);
  g_autofree guint64 *frames_before = g_new0 (guint64, tiles->len);
  FramesWait wait = { tiles, frames_before };

  g_assert_nonnull (grid);
  g_assert_true (all_viewers_attached (tiles));

  gtk_widget_set_visible (grid, FALSE);
  for (guint i = 0; i < tiles->len; i++)
    {
      SlLiveTile *tile = tiles->pdata[i];

      g_assert_false (gtk_widget_get_mapped (tiles->pdata[i]));
      g_assert_cmpuint (sl_camera_get_n_viewers (sl_live_tile_get_camera (tile)), ==, 0);
      frames_before[i] = sl_video_paintable_get_frames (sl_live_tile_get_paintable (tile));
    }

  /* Frames decoded before the viewer went may still be on their way. */
  run_for (0.5);
  for (guint i = 0; i < tiles->len; i++)
    frames_before[i] = sl_video_paintable_get_frames (sl_live_tile_get_paintable (tiles->pdata[i]));
  run_for (0.5);
  for (guint i = 0; i < tiles->len; i++)
    {
      SlLiveTile *tile = tiles->pdata[i];

      g_assert_cmpuint (sl_video_paintable_get_frames (sl_live_tile_get_paintable (tile)), ==,
                        frames_before[i]);
      g_assert_cmpint (sl_camera_get_state (sl_live_tile_get_camera (tile)), ==,
                       SL_CAMERA_STATE_RECORDING);
    }

  gtk_widget_set_visible (grid, TRUE);
  wait_for (all_viewers_attached, tiles, "the tiles to watch their cameras again");
  wait_for_tiles (all_tiles_show_new_frames, &wait, tiles, "the tiles to show new frames");
}

static gboolean
live_view_steps (gpointer user_data)
{
  LiveFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  g_autoptr (GPtrArray) tiles = NULL;
  GtkWidget *grid;

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  wait_for (has_all_tiles, window, "a tile for every camera");

  /* The first start made an "All cameras" split view and opened it: four
   * cameras make a 2×2 view, every tile on screen and named after its camera. */
  g_assert_cmpint (adw_tab_view_get_n_pages (sl_window_get_tab_view (window)), ==, 1);
  g_assert_cmpstr (
      adw_tab_page_get_title (adw_tab_view_get_selected_page (sl_window_get_tab_view (window))), ==,
      "All cameras");
  grid = find_widget (GTK_WIDGET (window), is_split_view, NULL);
  g_assert_nonnull (grid);
  g_assert_true (is_shown (grid));
  g_assert_cmpuint (sl_view_layout_get_columns (sl_split_view_get_layout (SL_SPLIT_VIEW (grid))),
                    ==, 2);
  g_assert_cmpuint (sl_view_layout_get_rows (sl_split_view_get_layout (SL_SPLIT_VIEW (grid))), ==,
                    2);

  tiles = find_live_tiles (GTK_WIDGET (window));
  for (guint i = 0; i < tiles->len; i++)
    {
      SlCamera *camera = sl_live_tile_get_camera (tiles->pdata[i]);

      g_assert_true (is_shown (tiles->pdata[i]));
      g_assert_cmpstr (live_tile_name_text (tiles->pdata[i]), ==, sl_camera_get_name (camera));
    }
  for (guint i = 0; i < N_CAMERAS; i++)
    g_assert_nonnull (find_live_tile (GTK_WIDGET (window), fixture->names[i]));

  wait_for_tiles (all_tiles_live, window, tiles, "every tile to show live video");
  for (guint i = 0; i < tiles->len; i++)
    g_assert_true (live_tile_shows_recording (tiles->pdata[i]));

  assert_video_moves (window, tiles);
  assert_hidden_view_stops_decoding (window, tiles);

  /* Quitting stops recording: the tiles go with their window. */
  quit_stopping_recording (application);

  return G_SOURCE_REMOVE;
}

static void
test_live_view (LiveFixture *fixture, gconstpointer user_data)
{
  add_simulated_cameras (fixture);
  app_fixture_run (&fixture->app, live_view_steps);

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

  g_test_add ("/live-view/all-cameras", LiveFixture, NULL, live_fixture_set_up, test_live_view,
              live_fixture_tear_down);

  status = g_test_run ();
  delete_path (home);

  return status;
}
