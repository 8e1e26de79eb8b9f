// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sl-application.h"
#include "sl-data-dir.h"
#include "sl-error.h"
#include "sl-preferences-window.h"
#include "sl-window.h"

/* Every wait in this file ends by this deadline or fails the test. */
#define DEADLINE_SECONDS 30

typedef struct
{
  char *data_dir;
  SlApplication *application;
  GSourceFunc steps;
  int exit_status;
} AppFixture;

typedef gboolean (*Condition) (gconstpointer data);
typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

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

static void
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

/* Runs the main loop until @condition holds, failing the test at the deadline. */
static void
wait_until (Condition condition, gconstpointer data, const char *what)
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

/* Waits until @widget's window is on screen and has drawn a frame since now. */
static void
wait_until_drawn (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint paints = 0;
  gulong handler;

  wait_until (is_mapped, widget, "the window to be mapped");

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  gtk_widget_queue_draw (widget);
  wait_until (has_painted, &paints, "the window to draw a frame");
  g_signal_handler_disconnect (clock, handler);
}

static GtkWidget *
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

static gboolean
is_status_page_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

/* Compares what the user reads: the label without its mnemonic underscore. */
static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer text)
{
  g_autoptr (GString) label = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return FALSE;

  label = g_string_new (gtk_button_get_label (GTK_BUTTON (widget)));
  g_string_replace (label, "_", "", 0);

  return g_str_equal (label->str, text);
}

static gboolean
is_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* The shortcuts window keeps hidden copies of its labels for searching. */
static gboolean
is_shown_label_containing (GtkWidget *widget, gconstpointer text)
{
  return is_label_containing (widget, text) && gtk_widget_get_mapped (widget);
}

static gboolean
is_menu_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static gboolean
is_action_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_spin_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_height (widget) > 0;
}

static SlWindow *
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

static GtkWindow *
find_window_of_type (SlApplication *application, GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return GTK_WINDOW (l->data);
    }

  return NULL;
}

static gboolean
has_accel (SlApplication *application, const char *action, const char *accel)
{
  g_auto (GStrv) accels =
      gtk_application_get_accels_for_action (GTK_APPLICATION (application), action);

  return g_strv_contains ((const char *const *)accels, accel);
}

static char *
screenshot_path (const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  return g_build_filename (dir, name, NULL);
}

/* Renders @window as the user sees it into a PNG file, with the window's own renderer. */
static void
save_screenshot (GtkWidget *window, const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
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

static void
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

static void
app_fixture_tear_down (AppFixture *fixture, gconstpointer user_data)
{
  g_clear_object (&fixture->application);
  delete_path (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);
}

static void
on_activate (GApplication *application, AppFixture *fixture)
{
  g_idle_add (fixture->steps, fixture);
}

static gboolean
on_run_deadline (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for the application to quit", 2 * DEADLINE_SECONDS);

  return G_SOURCE_REMOVE;
}

/* Runs the application with --data-dir on the fixture's folder; @steps runs in the
 * main loop once the application was activated and must end with app.quit. */
static void
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

static void
assert_all_windows_gone (AppFixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_cmpint (fixture->exit_status, ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (fixture->application)));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      g_assert_false (SL_IS_WINDOW (toplevel));
      g_assert_false (SL_IS_PREFERENCES_WINDOW (toplevel));
    }
}

static gboolean
empty_state_steps (gpointer user_data)
{
  AppFixture *fixture = user_data;
  SlApplication *application = fixture->application;
  g_autofree char *canonical_data_dir = g_canonicalize_filename (fixture->data_dir, NULL);
  g_autofree char *screenshot = screenshot_path ("empty-state.png");
  SlWindow *window;
  GtkWidget *root;
  GtkWidget *status_page;
  GtkWidget *add_button;
  GtkWidget *menu_button;
  int width = 0;
  int height = 0;

  g_assert_cmpstr (sl_application_get_data_dir (application), ==, canonical_data_dir);

  window = find_main_window (application);
  g_assert_nonnull (window);
  root = GTK_WIDGET (window);
  wait_until_drawn (root);

  g_assert_true (gtk_widget_get_visible (root));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sightline");

  /* The size saved by the last run is restored (the frame takes a few pixels). */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpint (gtk_widget_get_width (root), <=, 1000);
  g_assert_cmpint (gtk_widget_get_width (root), >, 900);

  status_page = find_widget (root, is_status_page_titled, "No Cameras Yet");
  g_assert_nonnull (status_page);
  g_assert_true (is_shown (status_page));

  add_button = find_widget (status_page, is_button_labelled, "Add Camera");
  g_assert_nonnull (add_button);
  g_assert_true (is_shown (add_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_button)), ==,
                   "app.add-camera");
  g_assert_true (gtk_widget_has_css_class (add_button, "suggested-action"));

  menu_button = find_widget (root, is_menu_button, NULL);
  g_assert_nonnull (menu_button);
  g_assert_true (is_shown (menu_button));
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, "Main Menu");

  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (has_accel (application, "app.quit", "<Control>q"));
  g_assert_true (has_accel (application, "app.preferences", "<Control>comma"));
  g_assert_true (has_accel (application, "win.show-help-overlay", "<Control>question"));

  save_screenshot (root, screenshot);
  assert_screenshot (screenshot, root);
  g_test_message ("Screenshot: %s", screenshot);

  g_action_group_activate_action (G_ACTION_GROUP (application), "add-camera", NULL);
  g_assert_nonnull (find_widget (root, is_label_containing, "comes with the recorder"));

  /* As if the user resized the window: quitting must save the new size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 750);
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
test_window_empty_state (AppFixture *fixture, gconstpointer user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  app_fixture_run (fixture, empty_state_steps);
  assert_all_windows_gone (fixture);

  /* Quitting saved the window's state for the next start. */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 750);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static gboolean
shortcuts_steps (gpointer user_data)
{
  AppFixture *fixture = user_data;
  SlWindow *window = find_main_window (fixture->application);
  g_autofree char *screenshot = screenshot_path ("shortcuts.png");
  const char *const shortcuts[] = {
    "Main Menu",
    "Preferences",
    "Keyboard Shortcuts",
    "Quit",
  };
  GtkWindow *overlay;

  g_assert_nonnull (window);
  wait_until_drawn (GTK_WIDGET (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  wait_until_drawn (GTK_WIDGET (overlay));

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkWidget *label =
          find_widget (GTK_WIDGET (overlay), is_shown_label_containing, shortcuts[i]);

      g_assert_nonnull (label);
    }

  save_screenshot (GTK_WIDGET (overlay), screenshot);
  assert_screenshot (screenshot, GTK_WIDGET (overlay));
  g_test_message ("Screenshot: %s", screenshot);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->application), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
test_window_shortcuts (AppFixture *fixture, gconstpointer user_data)
{
  app_fixture_run (fixture, shortcuts_steps);
  assert_all_windows_gone (fixture);
}

static gboolean
preferences_steps (gpointer user_data)
{
  AppFixture *fixture = user_data;
  SlApplication *application = fixture->application;
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *screenshot = screenshot_path ("preferences.png");
  g_autofree char *custom_folder = NULL;
  GtkWindow *preferences;
  GtkWidget *folder_row;
  GtkWidget *replay_row;
  GtkWidget *spin;

  wait_until_drawn (GTK_WIDGET (find_main_window (application)));

  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  preferences = find_window_of_type (application, SL_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  wait_until_drawn (GTK_WIDGET (preferences));
  g_assert_true (gtk_window_get_transient_for (preferences) ==
                 GTK_WINDOW (find_main_window (application)));

  /* The default folder is shown as a real path, not as an empty setting. */
  g_settings_reset (settings, "snapshot-folder");
  folder_row = find_widget (GTK_WIDGET (preferences), is_action_row_titled, "Snapshot Folder");
  g_assert_nonnull (folder_row);
  g_assert_true (is_shown (folder_row));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (folder_row)),
                                   G_DIR_SEPARATOR_S "Sightline"));

  custom_folder = g_build_filename (g_get_tmp_dir (), "sightline-snapshots", NULL);
  g_settings_set_string (settings, "snapshot-folder", custom_folder);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (folder_row)), ==, custom_folder);

  replay_row =
      find_widget (GTK_WIDGET (preferences), is_action_row_titled, "Instant Replay Length");
  g_assert_nonnull (replay_row);
  spin = find_widget (replay_row, is_spin_button, NULL);
  g_assert_nonnull (spin);
  g_assert_true (is_shown (spin));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==,
                   g_settings_get_int (settings, "instant-replay-seconds"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 42);
  g_assert_cmpint (g_settings_get_int (settings, "instant-replay-seconds"), ==, 42);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5000);
  g_assert_cmpint (g_settings_get_int (settings, "instant-replay-seconds"), ==, 600);

  g_settings_reset (settings, "snapshot-folder");
  wait_until_drawn (GTK_WIDGET (preferences));
  save_screenshot (GTK_WIDGET (preferences), screenshot);
  assert_screenshot (screenshot, GTK_WIDGET (preferences));
  g_test_message ("Screenshot: %s", screenshot);

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
test_preferences_window (AppFixture *fixture, gconstpointer user_data)
{
  app_fixture_run (fixture, preferences_steps);
  assert_all_windows_gone (fixture);
}

static void
test_data_dir_created_private (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_dir_make_tmp ("sightline-test-XXXXXX", &error);
  g_autofree char *requested = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *again = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  requested = g_build_filename (base, "nested", "data", NULL);

  resolved = sl_data_dir_resolve (requested, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, requested);
  g_assert_cmpint (g_stat (resolved, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* An existing folder is used as it is. */
  again = sl_data_dir_resolve (requested, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, requested);

  delete_path (base);
}

static void
test_data_dir_rejects_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *resolved = NULL;
  int fd;

  fd = g_file_open_tmp ("sightline-test-XXXXXX", &file, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);

  resolved = sl_data_dir_resolve (file, &error);
  g_assert_null (resolved);
  g_assert_error (error, SL_ERROR, SL_ERROR_DATA_DIR);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_nonnull (strstr (error->message, "--data-dir"));

  g_clear_error (&error);
  resolved = sl_data_dir_resolve ("", &error);
  g_assert_null (resolved);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);

  g_unlink (file);
}

/* `sightline --data-dir FILE` says why it cannot start and exits with status 1. */
static void
test_application_rejects_data_dir_file (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SlApplication) application = sl_application_new ();
      g_autofree char *file = NULL;
      char *argv[] = {
        (char *)"sightline",
        (char *)"--data-dir",
        NULL,
        NULL,
      };
      int fd;

      fd = g_file_open_tmp ("sightline-test-XXXXXX", &file, &error);
      g_assert_no_error (error);
      g_close (fd, NULL);
      argv[2] = file;

      g_application_set_flags (G_APPLICATION (application),
                               G_APPLICATION_DEFAULT_FLAGS | G_APPLICATION_NON_UNIQUE);
      g_assert_cmpint (g_application_run (G_APPLICATION (application), 3, argv), ==, 1);
      g_assert_null (gtk_application_get_windows (GTK_APPLICATION (application)));
      g_assert_null (sl_application_get_data_dir (application));

      g_unlink (file);
      return;
    }

  g_test_trap_subprocess (NULL, DEADLINE_SECONDS * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Cannot use '*sightline-test-*' as the data folder because it is "
                             "not a folder; choose a folder with --data-dir.*");
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

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  /* Before GTK starts threads that read the environment. */
  home = isolate_user_dirs ();
  gtk_test_init (&argc, &argv, NULL);
  /* Screenshots show the settled state, not a frame of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/window/empty-state", AppFixture, NULL, app_fixture_set_up, test_window_empty_state,
              app_fixture_tear_down);
  g_test_add ("/window/shortcuts", AppFixture, NULL, app_fixture_set_up, test_window_shortcuts,
              app_fixture_tear_down);
  g_test_add ("/preferences/window", AppFixture, NULL, app_fixture_set_up, test_preferences_window,
              app_fixture_tear_down);
  g_test_add_func ("/data-dir/created-private", test_data_dir_created_private);
  g_test_add_func ("/data-dir/rejects-file", test_data_dir_rejects_file);
  g_test_add_func ("/application/rejects-data-dir-file", test_application_rejects_data_dir_file);

  status = g_test_run ();
  delete_path (home);

  return status;
}
