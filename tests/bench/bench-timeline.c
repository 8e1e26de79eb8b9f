// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <adwaita.h>

#include "sl-catalog.h"
#include "sl-timeline.h"

/* Benchmark (issue 5): the timeline over a catalog of 32 cameras x 30 days
 * of one-minute segments. Times fetching (sl_catalog_query_coverage, through
 * the catalog's worker as the widget does) and drawing (SlTimeline's
 * snapshot into a render node, rendered by the window's renderer) of one
 * camera-month at full zoom-out and of one camera-day, 1600 pixels wide,
 * against a bare SQLite SELECT of the same rows in the same run. Target:
 * under 50 ms each. Prints medians of RUNS runs. */

#define CAMERAS   32
#define DAYS      30
#define TRACK     1600
#define RUNS      11
#define TARGET_MS 50.0
#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR_US   (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY_US    (24 * HOUR_US)

static void
check (int rc, sqlite3 *db, const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

/* One transaction of prepared inserts: every camera records one-minute
 * segments, continuous but for a motion minute every two hours, loses its
 * connection for five minutes a day (a gap) and has a motion event every
 * half hour. */
static gint64
generate (const char *path, const gint64 *cameras, gint64 from_us)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *segment = NULL, *gap = NULL, *event = NULL;
  gint64 rows = 0;

  check (sqlite3_open (path, &db), db, "open");
  /* A bulk load: no journal (the catalog is closed), a large cache; WAL
   * again afterwards, as the catalog keeps it. */
  check (sqlite3_exec (db,
                       "PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF; "
                       "PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; BEGIN",
                       NULL, NULL, NULL),
         db, "begin");
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO segments (camera_id, stream, start_us, end_us, path, "
                             "bytes, frames, key_frames, type, codec, width, height) VALUES "
                             "(?1, 'main', ?2, ?3, ?4, 7500000, 900, 30, ?5, 'h264', 1920, 1080)",
                             -1, &segment, NULL),
         db, "prepare");
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO gaps (camera_id, start_us, end_us, reason) "
                             "VALUES (?1, ?2, ?3, 'connection-lost')",
                             -1, &gap, NULL),
         db, "prepare");
  check (sqlite3_prepare_v2 (db,
                             "INSERT INTO events (camera_id, time_us, type) VALUES (?1, ?2, "
                             "'motion')",
                             -1, &event, NULL),
         db, "prepare");

  for (int c = 0; c < CAMERAS; c++)
    {
      gint64 camera = cameras[c];

      for (int day = 0; day < DAYS; day++)
        {
          gint64 day_us = from_us + day * DAY_US;
          /* Each camera loses its connection at its own time of day. */
          gint64 gap_start = day_us + (c * 37 % 1440) * MINUTE_US;
          gint64 gap_end = gap_start + 5 * MINUTE_US;

          sqlite3_bind_int64 (gap, 1, camera);
          sqlite3_bind_int64 (gap, 2, gap_start);
          sqlite3_bind_int64 (gap, 3, gap_end);
          check (sqlite3_step (gap), db, "gap");
          sqlite3_reset (gap);

          for (int minute = 0; minute < 1440; minute++)
            {
              gint64 start = day_us + minute * MINUTE_US;
              char file[96];

              if (start >= gap_start && start < gap_end)
                continue;
              g_snprintf (file, sizeof file, "/srv/sightline/camera-%02d/%" G_GINT64_FORMAT ".mkv",
                          c, start);
              sqlite3_bind_int64 (segment, 1, camera);
              sqlite3_bind_int64 (segment, 2, start);
              sqlite3_bind_int64 (segment, 3, start + MINUTE_US);
              sqlite3_bind_text (segment, 4, file, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (segment, 5, (minute + c) % 120 == 0 ? "motion" : "continuous", -1,
                                 SQLITE_STATIC);
              check (sqlite3_step (segment), db, "segment");
              sqlite3_reset (segment);
              rows++;

              if (minute % 30 == 7)
                {
                  sqlite3_bind_int64 (event, 1, camera);
                  sqlite3_bind_int64 (event, 2, start + 20 * G_USEC_PER_SEC);
                  check (sqlite3_step (event), db, "event");
                  sqlite3_reset (event);
                }
            }
        }
    }
  sqlite3_finalize (segment);
  sqlite3_finalize (gap);
  sqlite3_finalize (event);
  check (sqlite3_exec (db, "COMMIT; PRAGMA journal_mode = WAL", NULL, NULL, NULL), db, "commit");
  sqlite3_close (db);
  return rows;
}

/* The least work: step the same index rows and read their columns, on a
 * connection of its own that stays open (and keeps its page cache) as the
 * catalog's does. */
static double
bare_select_ms (sqlite3 *db, gint64 camera, gint64 from_us, gint64 to_us, gint64 *rows)
{
  sqlite3_stmt *stmt = NULL;
  gint64 started, sum = 0;

  started = g_get_monotonic_time ();
  check (sqlite3_prepare_v2 (db,
                             "SELECT start_us, end_us, type FROM segments WHERE camera_id = ?1 "
                             "AND start_us >= ?4 AND start_us < ?3 AND end_us > ?2 "
                             "ORDER BY start_us",
                             -1, &stmt, NULL),
         db, "prepare");
  sqlite3_bind_int64 (stmt, 1, camera);
  sqlite3_bind_int64 (stmt, 2, from_us);
  sqlite3_bind_int64 (stmt, 3, to_us);
  sqlite3_bind_int64 (stmt, 4, from_us - SL_CATALOG_MAX_SEGMENT_US);
  *rows = 0;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sum += sqlite3_column_int64 (stmt, 0) + sqlite3_column_int64 (stmt, 1) +
             sqlite3_column_bytes (stmt, 2);
      (*rows)++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sum, !=, 0);
  return (g_get_monotonic_time () - started) / 1000.0;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Wait *)user_data)->result = g_object_ref (result);
}

/* The catalog query the widget makes, waited for on the main loop. */
static double
fetch_ms (SlCatalog *catalog, gint64 camera, gint64 from_us, gint64 to_us, guint *runs, guint *gaps)
{
  g_autoptr (GPtrArray) coverage = NULL;
  g_autoptr (GError) error = NULL;
  Wait wait = { NULL };
  gint64 started = g_get_monotonic_time ();
  SlCoverage *one;

  sl_catalog_query_coverage_async (catalog, &camera, 1, from_us, to_us,
                                   MAX (1, (to_us - from_us) / TRACK), NULL, on_done, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  coverage = sl_catalog_query_coverage_finish (catalog, wait.result, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  one = coverage->pdata[0];
  *runs = one->runs->len;
  *gaps = one->gaps->len;
  return (g_get_monotonic_time () - started) / 1000.0;
}

static gboolean
is_loaded (SlTimeline *timeline)
{
  return sl_timeline_is_loaded (timeline);
}

static void
wait_loaded (SlTimeline *timeline)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  /* The widget waits for the view to settle before it asks. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  while (!is_loaded (timeline) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_loaded (timeline));
}

/* The widget's snapshot into a render node, and the node rendered by the
 * window's renderer. */
static void
draw_ms (
    GtkWidget *window, GtkWidget *timeline, const char *png, double *snapshot_ms, double *render_ms)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (timeline), height = gtk_widget_get_height (timeline);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  gint64 started = g_get_monotonic_time ();

  GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  *snapshot_ms = (g_get_monotonic_time () - started) / 1000.0;
  g_assert_nonnull (node);

  started = g_get_monotonic_time ();
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  *render_ms = (g_get_monotonic_time () - started) / 1000.0;
  g_assert_nonnull (texture);

  /* SL_BENCH_SCREENSHOTS=DIR keeps what was drawn, to look at. */
  if (png != NULL && g_getenv ("SL_BENCH_SCREENSHOTS") != NULL)
    {
      g_autofree char *file = g_build_filename (g_getenv ("SL_BENCH_SCREENSHOTS"), png, NULL);

      gdk_texture_save_to_png (texture, file);
    }
}

/* The cameras and the first time of a catalog generated before. */
static gint64
reuse (const char *path, gint64 *cameras)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 from_us;
  int c = 0;

  check (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), db, "open");
  check (sqlite3_prepare_v2 (db, "SELECT id FROM cameras ORDER BY id", -1, &stmt, NULL), db,
         "prepare");
  while (sqlite3_step (stmt) == SQLITE_ROW && c < CAMERAS)
    cameras[c++] = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (c, ==, CAMERAS);
  check (sqlite3_prepare_v2 (db, "SELECT min (start_us) FROM segments", -1, &stmt, NULL), db,
         "prepare");
  check (sqlite3_step (stmt), db, "step");
  from_us = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return from_us;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);
  return values[RUNS / 2];
}

static gboolean
measure (const char *what,
         const char *path,
         SlCatalog *catalog,
         GtkWidget *window,
         SlTimeline *timeline,
         gint64 camera,
         gint64 from_us,
         gint64 to_us)
{
  double fetch[RUNS], snapshot[RUNS], render[RUNS], total[RUNS], bare[RUNS];
  double fetch_median, snapshot_median, render_median, total_median, bare_median;
  guint runs = 0, gaps = 0;
  gint64 rows = 0;
  gboolean pass;
  sqlite3 *db = NULL;

  check (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), db, "open");
  sl_timeline_set_visible_range (timeline, from_us, to_us);
  wait_loaded (timeline);

  for (int i = 0; i < RUNS; i++)
    {
      g_autofree char *png = i == 0 ? g_strconcat ("timeline-", what, ".png", NULL) : NULL;

      bare[i] = bare_select_ms (db, camera, from_us, to_us, &rows);
      fetch[i] = fetch_ms (catalog, camera, from_us, to_us, &runs, &gaps);
      draw_ms (window, GTK_WIDGET (timeline), png, &snapshot[i], &render[i]);
      total[i] = fetch[i] + snapshot[i] + render[i];
    }
  sqlite3_close (db);
  fetch_median = median (fetch);
  snapshot_median = median (snapshot);
  render_median = median (render);
  total_median = median (total);
  bare_median = median (bare);
  pass = total_median < TARGET_MS;

  g_print ("%s (%" G_GINT64_FORMAT " segments, %" G_GINT64_FORMAT " s a pixel): fetch %.1f ms "
           "(%u runs, %u gaps), draw %.1f ms (snapshot %.1f + render %.1f), total %.1f ms\n",
           what, rows, (to_us - from_us) / TRACK / G_USEC_PER_SEC, fetch_median, runs, gaps,
           snapshot_median + render_median, snapshot_median, render_median, total_median);
  g_print ("  bare SQLite SELECT of the same rows: %.1f ms; fetch / bare = %.2f; total / bare = "
           "%.2f; target total < %.0f ms: %s\n",
           bare_median, fetch_median / bare_median, total_median / bare_median, TARGET_MS,
           pass ? "met" : "NOT met");
  return pass;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-bench-timeline-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, SL_CATALOG_FILE_NAME, NULL);
  g_autoptr (SlCatalog) catalog = NULL;
  g_autoptr (GtkCssProvider) css = NULL;
  gint64 cameras[CAMERAS];
  const char *names[] = { "Camera 1" };
  gint64 now = g_get_real_time ();
  gint64 to_us = (now / MINUTE_US) * MINUTE_US - 2 * DAY_US;
  gint64 from_us = to_us - DAYS * DAY_US;
  gint64 started, rows;
  GStatBuf info;
  GtkWidget *window;
  SlTimeline *timeline;
  gboolean pass;

  g_assert_no_error (error);
  gtk_init ();
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/sightline/Sightline/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* SL_BENCH_CATALOG keeps the generated catalog there and reuses it. */
  if (g_getenv ("SL_BENCH_CATALOG") != NULL)
    {
      g_rmdir (dir);
      g_clear_pointer (&dir, g_free);
      g_free (path);
      path = g_strdup (g_getenv ("SL_BENCH_CATALOG"));
    }
  if (dir == NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      from_us = reuse (path, cameras);
      to_us = from_us + DAYS * DAY_US;
      g_print ("Reusing %s\n", path);
    }
  else
    {
      /* The schema and the cameras through the catalog, then the rows. */
      catalog = sl_catalog_open (path, &error);
      g_assert_no_error (error);
      for (int c = 0; c < CAMERAS; c++)
        {
          g_autofree char *name = g_strdup_printf ("Camera %d", c + 1);
          SlCameraRecord camera = {
            .name = name,
            .driver = (char *)"rtsp",
            .main_url = (char *)"rtsp://192.0.2.1/main",
            .enabled = TRUE,
          };

          cameras[c] = sl_catalog_add_camera (catalog, &camera, &error);
          g_assert_no_error (error);
        }
      g_clear_object (&catalog);

      g_print ("Generating %d cameras x %d days of one-minute segments...\n", CAMERAS, DAYS);
      started = g_get_monotonic_time ();
      rows = generate (path, cameras, from_us);
      g_assert_cmpint (g_stat (path, &info), ==, 0);
      g_print ("catalog: %" G_GINT64_FORMAT " segments generated in %.1f s (one transaction); "
               "catalog.db %.1f MiB (%.0f bytes a segment)\n",
               rows, (g_get_monotonic_time () - started) / 1e6, info.st_size / 1048576.0,
               (double)info.st_size / rows);
    }

  catalog = sl_catalog_open (path, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  timeline = SL_TIMELINE (sl_timeline_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (timeline));
  sl_timeline_set_catalog (timeline, catalog);
  sl_timeline_set_cameras (timeline, &cameras[CAMERAS / 2], names, 1);
  gtk_window_set_default_size (GTK_WINDOW (window), TRACK + 96, -1);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (GTK_WIDGET (timeline)) == 0)
    g_main_context_iteration (NULL, TRUE);
  sl_timeline_get_visible_range (timeline, &started, NULL);
  g_print ("timeline: %d px wide, track %d px, renderer %s\n",
           gtk_widget_get_width (GTK_WIDGET (timeline)),
           gtk_widget_get_width (GTK_WIDGET (timeline)) - (int)sl_timeline_x_of (timeline, started),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));

  pass = measure ("camera-month", path, catalog, window, timeline, cameras[CAMERAS / 2], from_us,
                  to_us);
  pass &= measure ("camera-day", path, catalog, window, timeline, cameras[CAMERAS / 2],
                   to_us - DAY_US - 7 * HOUR_US, to_us - 7 * HOUR_US);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&catalog);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return pass ? 0 : 1;
}
