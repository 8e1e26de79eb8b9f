// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "app-fixture.h"

static void
delete_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = NULL;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) &&
         child != NULL)
    delete_tree (child);

  g_file_delete (file, NULL, NULL);
}

void
delete_path (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  delete_tree (file);
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
wait_for (Condition condition, gconstpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  guint wake_up_id = g_timeout_add (100, wake_up, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s waiting for %s", DEADLINE_SECONDS, what);

      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_up_id);
}

static gboolean
is_mapped (gconstpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
count_paint (GdkFrameClock *clock, guint *paints)
{
  (*paints)++;
}

static gboolean
has_painted (gconstpointer data)
{
  return *(const guint *)data > 0;
}

void
wait_until_drawn (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint paints = 0;
  gulong handler;

  wait_for (is_mapped, widget, "the window to be mapped");

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  gtk_widget_queue_draw (widget);
  wait_for (has_painted, &paints, "the window to draw a frame");
  g_signal_handler_disconnect (clock, handler);
}

static gboolean
recorder_settled (gconstpointer data)
{
  return sl_application_get_recorder_status ((SlApplication *)data) != SL_RECORDER_STATUS_STARTING;
}

SlRecorderStatus
wait_for_recorder (SlApplication *application)
{
  wait_for (recorder_settled, application, "the recorder to start");

  return sl_application_get_recorder_status (application);
}

GtkWidget *
find_widget (GtkWidget *root, WidgetMatch match, gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
is_status_page_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

/* Compares what the user reads: the label without its mnemonic underscore. */
gboolean
is_button_labelled (GtkWidget *widget, gconstpointer text)
{
  g_autoptr (GString) label = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return FALSE;

  label = g_string_new (gtk_button_get_label (GTK_BUTTON (widget)));
  g_string_replace (label, "_", "", 0);

  return g_str_equal (label->str, text);
}

gboolean
is_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* The shortcuts window keeps hidden copies of its labels for searching. */
gboolean
is_shown_label_containing (GtkWidget *widget, gconstpointer text)
{
  return is_label_containing (widget, text) && gtk_widget_get_mapped (widget);
}

gboolean
is_action_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0;
}

SlWindow *
find_main_window (SlApplication *application)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    {
      if (SL_IS_WINDOW (l->data))
        return SL_WINDOW (l->data);
    }

  return NULL;
}

static gboolean
is_label_with_class (GtkWidget *widget, gconstpointer css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

static gboolean
is_live_tile_named (GtkWidget *widget, gconstpointer name)
{
  return SL_IS_LIVE_TILE (widget) && g_strcmp0 (live_tile_name_text (widget), name) == 0;
}

GtkWidget *
find_live_tile (GtkWidget *root, const char *camera_name)
{
  return find_widget (root, is_live_tile_named, camera_name);
}

static void
collect_live_tiles (GtkWidget *widget, GPtrArray *tiles)
{
  if (SL_IS_LIVE_TILE (widget))
    {
      g_ptr_array_add (tiles, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_live_tiles (child, tiles);
}

/* The tiles under @root, in the order of their view. */
GPtrArray *
find_live_tiles (GtkWidget *root)
{
  GPtrArray *tiles = g_ptr_array_new ();

  collect_live_tiles (root, tiles);

  return tiles;
}

/* What the tile's bar says: the camera name. */
const char *
live_tile_name_text (GtkWidget *tile)
{
  GtkWidget *label = find_widget (tile, is_label_with_class, "sl-tile-name");

  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

/* What the tile's bar says: the state of the camera ("Live", "Connecting"…). */
const char *
live_tile_state_text (GtkWidget *tile)
{
  GtkWidget *label = find_widget (tile, is_label_with_class, "sl-tile-state");

  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
is_shown_rec_label (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), "REC") &&
         is_shown (widget);
}

/* The red REC badge is on screen. */
gboolean
live_tile_shows_recording (GtkWidget *tile)
{
  return find_widget (tile, is_shown_rec_label, NULL) != NULL;
}

SlWindow *
wait_for_main_window (SlApplication *application)
{
  SlWindow *window = find_main_window (application);

  g_assert_nonnull (window);
  wait_until_drawn (GTK_WIDGET (window));

  return window;
}

char *
screenshot_path (const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return g_build_filename (dir, name, NULL);
}

/* Renders @window as the user sees it, with the window's own renderer. */
GdkTexture *
render_window (GtkWidget *window)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
save_screenshot (GtkWidget *window, const char *path)
{
  g_autoptr (GdkTexture) texture = render_window (window);

  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Checks that the PNG at @path has the window's size and is not a blank image. */
static void
assert_screenshot (const char *path, GtkWidget *window)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guint32 *pixels = NULL;
  gsize n_pixels;
  guint distinct = 1;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (window));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (window));

  n_pixels = (gsize)gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  pixels = g_new (guint32, n_pixels);
  gdk_texture_download (texture, (guchar *)pixels, gdk_texture_get_width (texture) * 4);

  for (gsize i = 1; i < n_pixels && distinct < 2; i++)
    {
      if (pixels[i] != pixels[0])
        distinct++;
    }

  g_assert_cmpuint (distinct, >=, 2);
}

void
take_screenshot (GtkWidget *window, const char *name)
{
  g_autofree char *path = screenshot_path (name);

  wait_until_drawn (window);
  save_screenshot (window, path);
  assert_screenshot (path, window);
  g_test_message ("Screenshot: %s", path);
}

void
app_fixture_set_up (AppFixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("sightline-test-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->application = sl_application_new ();
  /* A test must not need to own the application's bus name. */
  g_application_set_flags (G_APPLICATION (fixture->application),
                           g_application_get_flags (G_APPLICATION (fixture->application)) |
                               G_APPLICATION_NON_UNIQUE);
  fixture->exit_status = -1;
}

void
app_fixture_tear_down (AppFixture *fixture, gconstpointer user_data)
{
  g_clear_object (&fixture->application);
  delete_path (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);
}

/* Later activations (a test launching the application again) only open a window. */
static void
on_activate (GApplication *application, AppFixture *fixture)
{
  g_signal_handlers_disconnect_by_func (application, on_activate, fixture);
  g_idle_add (fixture->steps, fixture);
}

static gboolean
on_run_deadline (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for the application to quit", 2 * DEADLINE_SECONDS);

  return G_SOURCE_REMOVE;
}

void
app_fixture_run (AppFixture *fixture, GSourceFunc steps)
{
  char *argv[] = {
    (char *)"sightline",
    (char *)"--data-dir",
    fixture->data_dir,
    NULL,
  };

  guint deadline_id;

  fixture->steps = steps;
  g_signal_connect_after (fixture->application, "activate", G_CALLBACK (on_activate), fixture);

  deadline_id = g_timeout_add_seconds (2 * DEADLINE_SECONDS, on_run_deadline, NULL);
  fixture->exit_status = g_application_run (G_APPLICATION (fixture->application), 3, argv);
  g_source_remove (deadline_id);
}

void
assert_all_windows_gone (AppFixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_cmpint (fixture->exit_status, ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (fixture->application)));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      g_assert_false (SL_IS_WINDOW (toplevel));
      g_assert_false (ADW_IS_PREFERENCES_WINDOW (toplevel));
      g_assert_false (ADW_IS_MESSAGE_DIALOG (toplevel));
    }
}

SlCatalog *
app_fixture_open_catalog (AppFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->data_dir, SL_CATALOG_FILE_NAME, NULL);
  SlCatalog *catalog = sl_catalog_open (path, &error);

  g_assert_no_error (error);

  return catalog;
}

/* GTK and its libraries may write caches and state: keep them out of the real home. */
static char *
isolate_user_dirs (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("sightline-test-home-XXXXXX", &error);
  const char *dirs[][2] = {
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_STATE_HOME", "state" },
  };

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i][1], NULL);

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      g_setenv (dirs[i][0], dir, TRUE);
    }

  return g_steal_pointer (&home);
}

char *
ui_test_init (int *argc, char ***argv)
{
  /* Before GTK starts threads that read the environment. */
  char *home = isolate_user_dirs ();

  gtk_test_init (argc, argv, NULL);
  /* Screenshots show the settled state, not a frame of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return home;
}

/* How many pixels of @rect differ between two renderings of the window. */
guint
count_changed_pixels (const guint32 *before,
                      const guint32 *after,
                      int stride_pixels,
                      const graphene_rect_t *rect)
{
  /* Whole pixels only: the edges may be blended with the neighbours. */
  int x0 = (int)rect->origin.x + 1;
  int y0 = (int)rect->origin.y + 1;
  int x1 = (int)(rect->origin.x + rect->size.width);
  int y1 = (int)(rect->origin.y + rect->size.height);
  guint changed = 0;

  for (int y = y0; y < y1; y++)
    {
      for (int x = x0; x < x1; x++)
        {
          if (before[y * stride_pixels + x] != after[y * stride_pixels + x])
            changed++;
        }
    }

  return changed;
}

guint32 *
download_pixels (GdkTexture *texture)
{
  guint32 *pixels =
      g_new (guint32, (gsize)gdk_texture_get_width (texture) * gdk_texture_get_height (texture));

  gdk_texture_download (texture, (guchar *)pixels, gdk_texture_get_width (texture) * 4);

  return pixels;
}

GtkWindow *
find_shown_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel; /* the toplevel list keeps it */
    }
  return NULL;
}

static gboolean
message_dialog_on_screen (gconstpointer data)
{
  return find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

AdwMessageDialog *
wait_for_message_dialog (const char *what)
{
  wait_for (message_dialog_on_screen, NULL, what);
  return ADW_MESSAGE_DIALOG (find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
message_dialog_off_screen (gconstpointer data)
{
  return find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

void
wait_for_message_dialog_gone (const char *what)
{
  wait_for (message_dialog_off_screen, NULL, what);
}

void
quit_stopping_recording (SlApplication *application)
{
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  adw_message_dialog_response (wait_for_message_dialog ("the question before quitting"), "stop");
}
