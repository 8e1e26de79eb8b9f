// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <sqlite3.h>

#include "app-fixture.h"
#include "sl-timeline-picker.h"
#include "sl-timeline.h"

/* SlTimeline in a window under Xvfb, over a real catalog file: coverage in
 * the continuous colour where recorded, the gap hatched and named in its
 * tooltip, and real pointer clicks and drags (xdotool) that seek and scrub. */

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
/* 2026-01-01 10:00 UTC. */
#define BASE  (G_GINT64_CONSTANT (1767261600) * G_USEC_PER_SEC)
#define WIDTH 1000

typedef struct
{
  char *dir;
  SlCatalog *catalog;
  gint64 gate;
  gint64 yard;
  GtkWidget *window;
  SlTimeline *timeline;
  GArray *seeks;
  GArray *bookmarks; /* add-bookmark times */
  gint64 export_start;
  gint64 export_end;
  guint scrub_begins;
  guint scrub_ends;
} Fixture;

static void
add_recording (Fixture *fixture, gint64 camera, gint64 start, gint64 end, SlRecordingType type)
{
  for (gint64 t = start; t < end; t += 5 * MINUTE)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".mkv",
                                               fixture->dir, camera, t);
      SlSegment segment = {
        .camera_id = camera,
        .stream = (char *)"main",
        .start_us = t,
        .end_us = MIN (t + 5 * MINUTE, end),
        .path = path,
        .type = type,
        .codec = (char *)"h264",
      };

      g_assert_cmpint (sl_catalog_add_segment (fixture->catalog, 0, &segment, &error), >, 0);
      g_assert_no_error (error);
    }
}

static gint64
add_camera (Fixture *fixture, const char *name)
{
  g_autoptr (GError) error = NULL;
  SlCameraRecord camera = {
    .name = (char *)name,
    .driver = (char *)"rtsp",
    .main_url = (char *)"rtsp://192.0.2.1/main",
    .enabled = TRUE,
  };
  gint64 id = sl_catalog_add_camera (fixture->catalog, &camera, &error);

  g_assert_no_error (error);
  return id;
}

static void
on_seek (SlTimeline *timeline, gint64 time_us, Fixture *fixture)
{
  g_array_append_val (fixture->seeks, time_us);
}

static void
on_add_bookmark (SlTimeline *timeline, gint64 time_us, Fixture *fixture)
{
  g_array_append_val (fixture->bookmarks, time_us);
}

static void
on_export_selection (SlTimeline *timeline, gint64 start_us, gint64 end_us, Fixture *fixture)
{
  fixture->export_start = start_us;
  fixture->export_end = end_us;
}

static void
on_scrub_begin (SlTimeline *timeline, Fixture *fixture)
{
  fixture->scrub_begins++;
}

static void
on_scrub_end (SlTimeline *timeline, Fixture *fixture)
{
  fixture->scrub_ends++;
}

static gboolean
is_loaded (gconstpointer data)
{
  return sl_timeline_is_loaded (SL_TIMELINE ((gpointer)data));
}

/* Gate: continuous 10:00-10:30, connection lost 10:30-10:40, continuous
 * 10:40-11:00 with motion 10:50-10:55 and a locked bookmark at 10:15.
 * Yard: motion 10:20-10:35 and a motion event at 10:25. The view shows
 * 09:50-11:10. */
static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *names[] = { "Gate", "Yard" };
  gint64 ids[2];
  SlBookmark bookmark = {
    .start_us = BASE + 15 * MINUTE,
    .end_us = BASE + 15 * MINUTE,
    .name = (char *)"Van at the gate",
    .locked = TRUE,
  };
  sqlite3 *db;
  g_autofree char *sql = NULL;

  fixture->dir = g_dir_make_tmp ("sl-timeline-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, SL_CATALOG_FILE_NAME, NULL);
  fixture->catalog = sl_catalog_open (path, &error);
  g_assert_no_error (error);

  fixture->gate = ids[0] = add_camera (fixture, "Gate");
  fixture->yard = ids[1] = add_camera (fixture, "Yard");
  add_recording (fixture, fixture->gate, BASE, BASE + 30 * MINUTE, SL_RECORDING_CONTINUOUS);
  g_assert_cmpint (sl_catalog_add_gap (fixture->catalog, fixture->gate, BASE + 30 * MINUTE,
                                       BASE + 40 * MINUTE, SL_GAP_CONNECTION_LOST, &error),
                   >, 0);
  add_recording (fixture, fixture->gate, BASE + 40 * MINUTE, BASE + 50 * MINUTE,
                 SL_RECORDING_CONTINUOUS);
  add_recording (fixture, fixture->gate, BASE + 50 * MINUTE, BASE + 55 * MINUTE,
                 SL_RECORDING_MOTION);
  add_recording (fixture, fixture->gate, BASE + 55 * MINUTE, BASE + 60 * MINUTE,
                 SL_RECORDING_CONTINUOUS);
  add_recording (fixture, fixture->yard, BASE + 20 * MINUTE, BASE + 35 * MINUTE,
                 SL_RECORDING_MOTION);
  bookmark.camera_id = fixture->gate;
  g_assert_cmpint (sl_catalog_add_bookmark (fixture->catalog, &bookmark, &error), >, 0);

  /* Nothing writes events through the catalog yet (the rules will). */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("INSERT INTO events (camera_id, time_us, type) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", 'motion')",
                         fixture->yard, BASE + 25 * MINUTE);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->seeks = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->bookmarks = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (fixture->window), "Timeline");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, -1);
  fixture->timeline = SL_TIMELINE (sl_timeline_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->timeline));
  sl_timeline_set_catalog (fixture->timeline, fixture->catalog);
  sl_timeline_set_cameras (fixture->timeline, ids, names, 2);
  sl_timeline_set_visible_range (fixture->timeline, BASE - 10 * MINUTE, BASE + 70 * MINUTE);
  sl_timeline_set_position (fixture->timeline, BASE + 45 * MINUTE);
  g_signal_connect (fixture->timeline, "seek", G_CALLBACK (on_seek), fixture);
  g_signal_connect (fixture->timeline, "scrub-begin", G_CALLBACK (on_scrub_begin), fixture);
  g_signal_connect (fixture->timeline, "add-bookmark", G_CALLBACK (on_add_bookmark), fixture);
  g_signal_connect (fixture->timeline, "export-selection", G_CALLBACK (on_export_selection),
                    fixture);
  g_signal_connect (fixture->timeline, "scrub-end", G_CALLBACK (on_scrub_end), fixture);

  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until_drawn (fixture->window);
  wait_for (is_loaded, fixture->timeline, "the timeline to read the catalog");
  wait_until_drawn (fixture->window);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->catalog);
  g_array_unref (fixture->seeks);
  g_array_unref (fixture->bookmarks);
  delete_path (fixture->dir);
  g_free (fixture->dir);
}

/* ---- Pixels -------------------------------------------------------------------- */

typedef struct
{
  guint8 *pixels; /* B8G8R8A8 premultiplied, as GTK downloads */
  int width;
  int height;
} Image;

static Image
screenshot (Fixture *fixture, const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  Image image;

  take_screenshot (fixture->window, name);
  path = screenshot_path (name);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  image.width = gdk_texture_get_width (texture);
  image.height = gdk_texture_get_height (texture);
  image.pixels = g_malloc (image.width * image.height * 4);
  gdk_texture_download (texture, image.pixels, image.width * 4);
  return image;
}

/* Whether the pixel is @color, give or take @tolerance per channel. */
static gboolean
pixel_near (const Image *image, int x, int y, const char *color, int tolerance)
{
  const guint8 *pixel = image->pixels + (y * image->width + x) * 4;
  GdkRGBA rgba;

  g_assert_true (gdk_rgba_parse (&rgba, color));
  return abs (pixel[2] - (int)round (rgba.red * 255)) <= tolerance &&
         abs (pixel[1] - (int)round (rgba.green * 255)) <= tolerance &&
         abs (pixel[0] - (int)round (rgba.blue * 255)) <= tolerance;
}

/* How many pixels of the band of row @row between @from and @to are @color
 * (give or take @tolerance). */
static guint
count_near_in_band (Fixture *fixture,
                    const Image *image,
                    guint row,
                    gint64 from,
                    gint64 to,
                    const char *color,
                    int tolerance)
{
  int x0 = (int)ceil (sl_timeline_x_of (fixture->timeline, from)) + 1;
  int x1 = (int)floor (sl_timeline_x_of (fixture->timeline, to)) - 1;
  int y = (int)sl_timeline_row_y (fixture->timeline, row);
  guint count = 0;

  for (int x = x0; x < x1; x++)
    for (int dy = -5; dy <= 5; dy++)
      count += pixel_near (image, x, y + dy, color, tolerance);
  return count;
}

static guint
count_in_band (
    Fixture *fixture, const Image *image, guint row, gint64 from, gint64 to, const char *color)
{
  return count_near_in_band (fixture, image, row, from, to, color, 2);
}

static guint
band_area (Fixture *fixture, gint64 from, gint64 to)
{
  return ((int)floor (sl_timeline_x_of (fixture->timeline, to)) - 1 -
          ((int)ceil (sl_timeline_x_of (fixture->timeline, from)) + 1)) *
         11;
}

static void
test_coverage_pixels (Fixture *fixture, gconstpointer data)
{
  Image image = screenshot (fixture, "timeline.png");
  const char *continuous = "#2ec27e", *motion = "#e01b24", *gap = "#c88800";
  guint area;

  /* Recorded: the continuous colour, all of it (the playhead at 10:45 aside). */
  area = band_area (fixture, BASE, BASE + 30 * MINUTE);
  g_assert_cmpuint (count_in_band (fixture, &image, 0, BASE, BASE + 30 * MINUTE, continuous), ==,
                    area - 2 * 11 /* the bookmark line at 10:15 */);
  g_assert_cmpuint (
      count_in_band (fixture, &image, 0, BASE + 50 * MINUTE, BASE + 55 * MINUTE, motion), ==,
      band_area (fixture, BASE + 50 * MINUTE, BASE + 55 * MINUTE));
  g_assert_cmpuint (
      count_in_band (fixture, &image, 1, BASE + 20 * MINUTE, BASE + 35 * MINUTE, motion), >,
      band_area (fixture, BASE + 20 * MINUTE, BASE + 35 * MINUTE) * 9 / 10);

  /* The gap: no recording colour, hatched in the gap colour. */
  area = band_area (fixture, BASE + 30 * MINUTE, BASE + 40 * MINUTE);
  g_assert_cmpuint (
      count_in_band (fixture, &image, 0, BASE + 30 * MINUTE, BASE + 40 * MINUTE, continuous), ==,
      0);
  /* The hatch lines are antialiased: their cores have the gap colour. */
  g_assert_cmpuint (
      count_near_in_band (fixture, &image, 0, BASE + 30 * MINUTE, BASE + 40 * MINUTE, gap, 40), >,
      area / 4);
  /* Before the first recording: neither. */
  g_assert_cmpuint (
      count_near_in_band (fixture, &image, 0, BASE - 8 * MINUTE, BASE - 2 * MINUTE, gap, 40), ==,
      0);
  g_assert_cmpuint (
      count_in_band (fixture, &image, 0, BASE - 8 * MINUTE, BASE - 2 * MINUTE, continuous), ==, 0);
  g_free (image.pixels);
}

/* ---- Real pointer ---------------------------------------------------------------- */

static void xdotool (Fixture *fixture, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Runs xdotool with @format's arguments, after "--window WINDOW" where it
 * says %W. */
static void
xdotool (Fixture *fixture, const char *format, ...)
{
  g_autoptr (GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *window = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
  g_autofree char *args = NULL;
  g_autofree char *command = NULL;
  g_auto (GStrv) argv = NULL;
  g_autoptr (GString) line = NULL;
  int status;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  line = g_string_new (args);
  g_string_replace (line, "%W", window, 0);
  command = g_strconcat ("xdotool ", line->str, NULL);
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
}

static gboolean
has_seeks (gconstpointer data)
{
  const Fixture *fixture = data;

  return fixture->seeks->len > 0;
}

static gboolean
scrub_ended (gconstpointer data)
{
  const Fixture *fixture = data;

  return fixture->scrub_ends > 0;
}

static gboolean
is_label_naming_gap (GtkWidget *widget, gconstpointer reason)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), reason) != NULL;
}

static gboolean
tooltip_shown (gconstpointer data)
{
  const Fixture *fixture = data;

  return find_widget (fixture->window, is_label_naming_gap,
                      sl_gap_reason_describe (SL_GAP_CONNECTION_LOST)) != NULL;
}

static void
test_gap_tooltip (Fixture *fixture, gconstpointer data)
{
  int x = (int)sl_timeline_x_of (fixture->timeline, BASE + 35 * MINUTE);
  int y = (int)sl_timeline_row_y (fixture->timeline, 0);
  g_autofree char *text = sl_timeline_describe_at (fixture->timeline, x, y);

  g_test_message ("tooltip at the gap: %s", text);
  g_assert_nonnull (strstr (text, sl_gap_reason_describe (SL_GAP_CONNECTION_LOST)));

  /* The pointer really rests there and GTK shows the tooltip. */
  xdotool (fixture, "mousemove --window %%W %d %d", x - 3, y);
  xdotool (fixture, "mousemove --window %%W %d %d", x, y);
  wait_for (tooltip_shown, fixture, "the tooltip naming the gap's reason");
  take_screenshot (fixture->window, "timeline-tooltip.png");

  /* The others: a recording, the bookmark. */
  g_clear_pointer (&text, g_free);
  text = sl_timeline_describe_at (fixture->timeline,
                                  sl_timeline_x_of (fixture->timeline, BASE + 52 * MINUTE), y);
  g_assert_nonnull (strstr (text, "Motion recording"));
  g_clear_pointer (&text, g_free);
  text = sl_timeline_describe_at (fixture->timeline,
                                  sl_timeline_x_of (fixture->timeline, BASE + 15 * MINUTE), y);
  g_assert_nonnull (strstr (text, "Van at the gate"));
  g_assert_nonnull (strstr (text, "prevent deletion"));
}

static void
test_click_seeks (Fixture *fixture, gconstpointer data)
{
  int x = (int)sl_timeline_x_of (fixture->timeline, BASE + 20 * MINUTE);
  int y = (int)sl_timeline_row_y (fixture->timeline, 1);
  gint64 expected = sl_timeline_time_at (fixture->timeline, x);
  gint64 pixel = (BASE + 70 * MINUTE - (BASE - 10 * MINUTE)) / (WIDTH - 200);
  gint64 start, end;

  xdotool (fixture, "mousemove --window %%W %d %d click 1", x, y);
  wait_for (has_seeks, fixture, "a seek after a click");
  g_assert_cmpuint (fixture->seeks->len, ==, 1);
  g_assert_cmpint (llabs (g_array_index (fixture->seeks, gint64, 0) - expected), <=, pixel);
  g_assert_cmpint (sl_timeline_get_position (fixture->timeline), ==,
                   g_array_index (fixture->seeks, gint64, 0));
  /* A click is not a scrub, and does not move the view. */
  g_assert_cmpuint (fixture->scrub_begins, ==, 0);
  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  g_assert_cmpint (start, ==, BASE - 10 * MINUTE);
}

static gboolean
view_moved (gconstpointer data)
{
  const Fixture *fixture = data;
  gint64 start;

  sl_timeline_get_visible_range (fixture->timeline, &start, NULL);
  return start != BASE - 10 * MINUTE;
}

/* Dragging in the ruler scrubs: scrub-begin, seeks that follow the
 * pointer, scrub-end; dragging a row pans. */
static void
test_drag (Fixture *fixture, gconstpointer data)
{
  int x = (int)sl_timeline_x_of (fixture->timeline, BASE);
  int y = (int)sl_timeline_row_y (fixture->timeline, 0);
  gint64 start, end;

  xdotool (fixture, "mousemove --window %%W %d 20 mousedown 1", x);
  xdotool (fixture, "mousemove --window %%W %d 20", x + 50);
  xdotool (fixture, "mousemove --window %%W %d 20 mouseup 1", x + 100);
  wait_for (scrub_ended, fixture, "the end of a scrub");
  g_assert_cmpuint (fixture->scrub_begins, ==, 1);
  g_assert_cmpuint (fixture->seeks->len, >=, 2);
  g_assert_cmpint (llabs (sl_timeline_get_position (fixture->timeline) -
                          sl_timeline_time_at (fixture->timeline, x + 100)),
                   <=, 2 * G_USEC_PER_SEC * 60);
  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  g_assert_cmpint (start, ==, BASE - 10 * MINUTE);

  g_array_set_size (fixture->seeks, 0);
  xdotool (fixture, "mousemove --window %%W %d %d mousedown 1", x, y);
  xdotool (fixture, "mousemove --window %%W %d %d", x + 100, y);
  xdotool (fixture, "mousemove --window %%W %d %d mouseup 1", x + 200, y);
  wait_for (view_moved, fixture, "the view to pan");
  /* 200 pixels to the right show earlier times; no seek. */
  wait_until_drawn (fixture->window);
  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  g_assert_cmpint (start, <, BASE - 10 * MINUTE);
  g_assert_cmpint (end - start, ==, 80 * MINUTE);
  g_assert_cmpuint (fixture->seeks->len, ==, 0);
}

static gboolean
has_export (gconstpointer data)
{
  const Fixture *fixture = data;

  return fixture->export_end > 0;
}

static gboolean
selection_cleared (gconstpointer data)
{
  const Fixture *fixture = data;

  return !sl_timeline_get_selection (fixture->timeline, NULL, NULL);
}

static gboolean
view_zoomed (gconstpointer data)
{
  const Fixture *fixture = data;
  gint64 start, end;

  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  return end - start != 80 * MINUTE;
}

/* The keys: + zooms in around the playhead, Shift+drag selects, Ctrl+E
 * exports the selection and Escape clears it. */
static void
test_keys_and_selection (Fixture *fixture, gconstpointer data)
{
  gint64 start, end, selection_start, selection_end;
  int x0 = (int)sl_timeline_x_of (fixture->timeline, BASE + 5 * MINUTE);
  int x1 = (int)sl_timeline_x_of (fixture->timeline, BASE + 25 * MINUTE);
  int y = (int)sl_timeline_row_y (fixture->timeline, 0);

  xdotool (fixture, "keydown shift mousemove --window %%W %d %d mousedown 1", x0, y);
  xdotool (fixture, "mousemove --window %%W %d %d", (x0 + x1) / 2, y);
  xdotool (fixture, "mousemove --window %%W %d %d mouseup 1 keyup shift", x1, y);
  wait_until_drawn (fixture->window);
  g_assert_true (sl_timeline_get_selection (fixture->timeline, &selection_start, &selection_end));
  g_assert_cmpint (llabs (selection_start - (BASE + 5 * MINUTE)), <, MINUTE / 2);
  g_assert_cmpint (llabs (selection_end - (BASE + 25 * MINUTE)), <, MINUTE / 2);
  g_assert_cmpuint (fixture->seeks->len, ==, 0);
  take_screenshot (fixture->window, "timeline-selection.png");

  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->timeline)));
  /* Ctrl+E exports the selection; Escape clears it. */
  xdotool (fixture, "key --window %%W ctrl+e");
  wait_for (has_export, fixture, "export-selection");
  g_assert_cmpint (fixture->export_start, ==, selection_start);
  g_assert_cmpint (fixture->export_end, ==, selection_end);
  xdotool (fixture, "key --window %%W Escape");
  wait_for (selection_cleared, fixture, "Escape to clear the selection");

  xdotool (fixture, "key --window %%W plus");
  wait_for (view_zoomed, fixture, "+ to zoom in");
  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  g_assert_cmpint (end - start, ==, 40 * MINUTE);
  /* Around the playhead (10:45), which stays where it was. */
  g_assert_cmpint (start, <, BASE + 45 * MINUTE);
  g_assert_cmpint (end, >, BASE + 45 * MINUTE);
}

static gboolean
has_bookmark (gconstpointer data)
{
  const Fixture *fixture = data;

  return fixture->bookmarks->len > 0;
}

static gboolean
is_shown_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
menu_shown (gconstpointer data)
{
  const Fixture *fixture = data;

  return find_widget (GTK_WIDGET (fixture->timeline), is_shown_label, "Add Bookmark Here…") != NULL;
}

/* A right click opens the menu; its "Add Bookmark Here…" (by its mnemonic)
 * asks for a bookmark at the time under the pointer. */
static void
test_context_menu (Fixture *fixture, gconstpointer data)
{
  int x = (int)sl_timeline_x_of (fixture->timeline, BASE + 20 * MINUTE);
  int y = (int)sl_timeline_row_y (fixture->timeline, 1);
  gint64 pixel = 80 * MINUTE / (WIDTH - 200);

  xdotool (fixture, "mousemove --window %%W %d %d click 3", x, y);
  wait_for (menu_shown, fixture, "the context menu");
  take_screenshot (fixture->window, "timeline-menu.png");
  xdotool (fixture, "key b");
  wait_for (has_bookmark, fixture, "add-bookmark from the menu");
  g_assert_cmpint (llabs (g_array_index (fixture->bookmarks, gint64, 0) -
                          sl_timeline_time_at (fixture->timeline, x)),
                   <=, pixel);
  /* Not a seek. */
  g_assert_cmpuint (fixture->seeks->len, ==, 0);
}

static gboolean
is_shown_picker (GtkWidget *widget, gconstpointer data)
{
  return SL_IS_TIMELINE_PICKER (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
picker_shown (gconstpointer data)
{
  const Fixture *fixture = data;

  return find_widget (GTK_WIDGET (fixture->timeline), is_shown_picker, NULL) != NULL;
}

static gboolean
picker_hidden (gconstpointer data)
{
  return !picker_shown (data);
}

static gboolean
error_shown (gconstpointer data)
{
  const Fixture *fixture = data;

  return find_widget (GTK_WIDGET (fixture->timeline), is_shown_label_containing, "in the future") !=
         NULL;
}

/* G opens the date and time picker; Enter goes there (seek, and the view
 * centred on it); a time in the future is refused in the popover. */
static void
test_date_picker (Fixture *fixture, gconstpointer data)
{
  gint64 target = BASE + 30 * MINUTE + 15 * G_USEC_PER_SEC;
  gint64 start, end;
  GtkWidget *picker;

  gtk_widget_grab_focus (GTK_WIDGET (fixture->timeline));
  xdotool (fixture, "key --window %%W g");
  wait_for (picker_shown, fixture, "the date and time picker");
  picker = find_widget (GTK_WIDGET (fixture->timeline), is_shown_picker, NULL);
  /* It opens on the playhead's time. */
  g_assert_cmpint (sl_timeline_picker_get_time (SL_TIMELINE_PICKER (picker)), ==,
                   BASE + 45 * MINUTE);

  sl_timeline_picker_set_time (SL_TIMELINE_PICKER (picker),
                               g_get_real_time () + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);
  xdotool (fixture, "key Return");
  wait_for (error_shown, fixture, "the picker to refuse a time in the future");
  take_screenshot (fixture->window, "timeline-picker.png");
  g_assert_cmpuint (fixture->seeks->len, ==, 0);

  sl_timeline_picker_set_time (SL_TIMELINE_PICKER (picker), target);
  xdotool (fixture, "key Return");
  wait_for (has_seeks, fixture, "a seek from the picker");
  wait_for (picker_hidden, fixture, "the picker to close");
  g_assert_cmpint (g_array_index (fixture->seeks, gint64, 0), ==, target);
  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  g_assert_cmpint (end - start, ==, 80 * MINUTE);
  g_assert_cmpint (llabs ((start + end) / 2 - target), <=, G_USEC_PER_SEC);
}

/* The dark style keeps the recording colours; live mode puts the playhead
 * on the current time and the current time in view. */
static void
test_dark_and_live (Fixture *fixture, gconstpointer data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  Image image;
  gint64 now, start, end;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  image = screenshot (fixture, "timeline-dark.png");
  g_assert_cmpuint (count_in_band (fixture, &image, 0, BASE, BASE + 30 * MINUTE, "#2ec27e"), ==,
                    band_area (fixture, BASE, BASE + 30 * MINUTE) - 2 * 11);
  g_assert_cmpuint (count_near_in_band (fixture, &image, 0, BASE + 30 * MINUTE, BASE + 40 * MINUTE,
                                        "#c88800", 40),
                    >, band_area (fixture, BASE + 30 * MINUTE, BASE + 40 * MINUTE) / 4);
  g_free (image.pixels);

  sl_timeline_set_live (fixture->timeline, TRUE);
  now = g_get_real_time ();
  g_assert_cmpint (llabs (sl_timeline_get_position (fixture->timeline) - now), <,
                   2 * G_USEC_PER_SEC);
  sl_timeline_get_visible_range (fixture->timeline, &start, &end);
  /* Near the right edge. */
  g_assert_cmpint (start, <, now - (end - start) * 3 / 4);
  g_assert_cmpint (end, >, now);
  take_screenshot (fixture->window, "timeline-live.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  /* Live mode ends when the player says so, not by itself. */
  g_assert_true (sl_timeline_get_live (fixture->timeline));
  g_assert_cmpuint (fixture->seeks->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  int status;

  adw_init ();
  gtk_css_provider_load_from_resource (css, "/org/sightline/Sightline/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/timeline/coverage-pixels", Fixture, NULL, fixture_set_up, test_coverage_pixels,
              fixture_tear_down);
  g_test_add ("/timeline/gap-tooltip", Fixture, NULL, fixture_set_up, test_gap_tooltip,
              fixture_tear_down);
  g_test_add ("/timeline/click-seeks", Fixture, NULL, fixture_set_up, test_click_seeks,
              fixture_tear_down);
  g_test_add ("/timeline/drag", Fixture, NULL, fixture_set_up, test_drag, fixture_tear_down);
  g_test_add ("/timeline/keys-and-selection", Fixture, NULL, fixture_set_up,
              test_keys_and_selection, fixture_tear_down);
  g_test_add ("/timeline/context-menu", Fixture, NULL, fixture_set_up, test_context_menu,
              fixture_tear_down);
  g_test_add ("/timeline/date-picker", Fixture, NULL, fixture_set_up, test_date_picker,
              fixture_tear_down);
  g_test_add ("/timeline/dark-and-live", Fixture, NULL, fixture_set_up, test_dark_and_live,
              fixture_tear_down);

  status = g_test_run ();
  delete_path (home);
  return status;
}
