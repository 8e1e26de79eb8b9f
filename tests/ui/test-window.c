// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "app-fixture.h"
#include "sl-add-camera-dialog.h"
#include "sl-application.h"
#include "sl-data-dir.h"
#include "sl-error.h"
#include "sl-preferences-window.h"
#include "sl-window.h"

static gboolean
is_menu_button (GtkWidget *widget, gconstpointer data)
{
  /* The header bar has other menu buttons (new view, status): the main one. */
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Main Menu") == 0;
}

static gboolean
is_spin_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SPIN_BUTTON (widget);
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

static gboolean
empty_state_steps (gpointer user_data)
{
  AppFixture *fixture = user_data;
  SlApplication *application = fixture->application;
  g_autofree char *canonical_data_dir = g_canonicalize_filename (fixture->data_dir, NULL);
  SlWindow *window;
  GtkWidget *root;
  GtkWidget *status_page;
  GtkWidget *add_button;
  GtkWidget *menu_button;
  int width = 0;
  int height = 0;

  g_assert_cmpstr (sl_application_get_data_dir (application), ==, canonical_data_dir);

  window = wait_for_main_window (application);
  root = GTK_WIDGET (window);

  g_assert_true (gtk_widget_get_visible (root));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sightline");

  /* The size saved by the last run is restored (the frame takes a few pixels). */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  g_assert_cmpint (gtk_widget_get_width (root), <=, 1000);
  g_assert_cmpint (gtk_widget_get_width (root), >, 900);

  /* An empty data folder: the recorder runs and has nothing to record. */
  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  g_assert_null (sl_application_get_recorder_error (application));
  wait_until_drawn (root);

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

  take_screenshot (root, "empty-state.png");

  /* The Add Cameras dialog opens over the window; closing it leaves the window as it was. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "add-camera", NULL);
  {
    g_autoptr (GList) toplevels = gtk_window_list_toplevels ();
    GtkWindow *dialog = NULL;

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (SL_IS_ADD_CAMERA_DIALOG (l->data))
        dialog = l->data;
    g_assert_nonnull (dialog);
    g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
    gtk_window_destroy (dialog);
  }

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
  SlWindow *window = wait_for_main_window (fixture->application);
  const char *const shortcuts[] = {
    "Main Menu",
    "Preferences",
    "Keyboard Shortcuts",
    "Quit",
  };
  GtkWindow *overlay;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  wait_until_drawn (GTK_WIDGET (overlay));

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkWidget *label =
          find_widget (GTK_WIDGET (overlay), is_shown_label_containing, shortcuts[i]);

      g_assert_nonnull (label);
    }

  take_screenshot (GTK_WIDGET (overlay), "shortcuts.png");

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
  g_autofree char *custom_folder = NULL;
  SlWindow *window = wait_for_main_window (application);
  GtkWindow *preferences;
  GtkWidget *folder_row;
  GtkWidget *replay_row;
  GtkWidget *spin;

  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  preferences = find_window_of_type (application, SL_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  wait_until_drawn (GTK_WIDGET (preferences));
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));

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
  take_screenshot (GTK_WIDGET (preferences), "preferences.png");

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

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  home = ui_test_init (&argc, &argv);

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
