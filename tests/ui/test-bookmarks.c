// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "app-fixture.h"
#include "sl-bookmark-dialog.h"
#include "sl-bookmark-list.h"
#include "sl-error.h"

/* Bookmarks in the real application over its real catalog: app.add-bookmark
 * opens the dialog, which checks its input inline and saves; the bookmarks
 * panel (in a window of its own until the main window hosts it) finds it by
 * text and time, jumps to it, edits and deletes it. */

/* 2026-11-21 10:00:00 UTC. */
#define T0 G_GINT64_CONSTANT (1795255200000000)

typedef struct
{
  AppFixture *fixture;
  SlCatalog *catalog; /* a second connection, as another window would have */
  gint64 gate_id;
  gint64 yard_id;
  SlBookmarkList *list;
  gint64 jump_camera_id;
  gint64 jump_time_us;
  gint64 saved_id;
  guint wanted;
} BookmarkTest;

static BookmarkTest test;

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_of_type (GtkWidget *root, GType type)
{
  GtkWidget *widget = find_widget (root, is_of_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
row (GtkWidget *root, const char *title)
{
  GtkWidget *widget = find_widget (root, is_row_titled, title);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
dialog_shown (gconstpointer data)
{
  return find_shown_toplevel (SL_TYPE_BOOKMARK_DIALOG) != NULL;
}

static gboolean
dialog_gone (gconstpointer data)
{
  return !dialog_shown (data);
}

static gboolean
cameras_loaded (gconstpointer data)
{
  GtkWindow *dialog = find_shown_toplevel (SL_TYPE_BOOKMARK_DIALOG);
  AdwComboRow *camera = ADW_COMBO_ROW (row (GTK_WIDGET (dialog), "Camera"));

  return g_list_model_get_n_items (adw_combo_row_get_model (camera)) == 2 &&
         gtk_widget_get_sensitive (find_widget (GTK_WIDGET (dialog), is_button_labelled, "Save"));
}

static gboolean
list_shows_wanted (gconstpointer data)
{
  return sl_bookmark_list_get_n_shown (test.list) == test.wanted;
}

static void
wait_for_list (guint n, const char *what)
{
  test.wanted = n;
  wait_for (list_shows_wanted, NULL, what);
}

static void
set_text (GtkWidget *editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
saved_cb (SlBookmarkDialog *dialog, gint64 bookmark_id, gpointer user_data)
{
  test.saved_id = bookmark_id;
}

static void
jump_cb (SlBookmarkList *list, gint64 camera_id, gint64 time_us, gpointer user_data)
{
  test.jump_camera_id = camera_id;
  test.jump_time_us = time_us;
}

static SlBookmark *
get_bookmark (gint64 id)
{
  g_autoptr (GError) error = NULL;
  SlBookmark *bookmark = sl_catalog_get_bookmark (test.catalog, id, &error);

  g_assert_no_error (error);
  return bookmark;
}

/* Add through app.add-bookmark: the dialog opens on the camera and time it
 * was given, refuses an empty name inline, then saves. */
static void
add_through_dialog (void)
{
  SlApplication *application = test.fixture->application;
  GtkWidget *dialog;
  GtkWidget *error_label;
  g_autoptr (SlBookmark) saved = NULL;
  g_autofree char *expected_time = sl_bookmark_format_time (T0);

  g_action_group_activate_action (G_ACTION_GROUP (application), "add-bookmark",
                                  g_variant_new ("(xx)", test.yard_id, T0));
  wait_for (dialog_shown, NULL, "the bookmark dialog");
  wait_for (cameras_loaded, NULL, "the cameras in the bookmark dialog");
  dialog = GTK_WIDGET (find_shown_toplevel (SL_TYPE_BOOKMARK_DIALOG));
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Add Bookmark");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (dialog, "Camera"))), ==, 1);
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (row (dialog, "Time (YYYY-MM-DD HH:MM:SS, local)"))), ==,
      expected_time);
  g_assert_nonnull (find_widget (dialog, is_label_containing, "at least 2.5 minutes before"));

  /* Save without a name: an inline error, the dialog stays. */
  gtk_widget_activate_action (dialog, "bookmark.save", NULL);
  error_label = find_widget (dialog, is_shown_label_containing, "Give the bookmark a name.");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_has_css_class (row (dialog, "Name"), "error"));
  wait_until_drawn (dialog);
  take_screenshot (dialog, "bookmark-dialog-error.png");
  set_text (row (dialog, "Time (YYYY-MM-DD HH:MM:SS, local)"), "yesterday-ish");
  set_text (row (dialog, "Name"), "Van at the gate");
  gtk_widget_activate_action (dialog, "bookmark.save", NULL);
  g_assert_nonnull (find_widget (dialog, is_shown_label_containing, "is not a time"));
  g_assert_true (dialog_shown (NULL));

  set_text (row (dialog, "Time (YYYY-MM-DD HH:MM:SS, local)"), expected_time);
  set_text (row (dialog, "Description (keywords help finding it)"), "White van, plates ABC 123");
  gtk_spin_button_set_value (
      GTK_SPIN_BUTTON (find_of_type (row (dialog, "Seconds _Before"), GTK_TYPE_SPIN_BUTTON)), 30);
  gtk_spin_button_set_value (
      GTK_SPIN_BUTTON (find_of_type (row (dialog, "Seconds _After"), GTK_TYPE_SPIN_BUTTON)), 60);
  gtk_switch_set_active (GTK_SWITCH (find_of_type (dialog, GTK_TYPE_SWITCH)), TRUE);
  wait_until_drawn (dialog);
  take_screenshot (dialog, "bookmark-dialog.png");

  gtk_widget_activate_action (dialog, "bookmark.save", NULL);
  wait_for (dialog_gone, NULL, "the bookmark dialog to close after saving");
  g_assert_cmpint (test.saved_id, >, 0);

  saved = get_bookmark (test.saved_id);
  g_assert_cmpint (saved->camera_id, ==, test.yard_id);
  g_assert_cmpint (saved->start_us, ==, T0 - 30 * G_USEC_PER_SEC);
  g_assert_cmpint (saved->end_us, ==, T0 + 60 * G_USEC_PER_SEC);
  g_assert_cmpstr (saved->name, ==, "Van at the gate");
  g_assert_cmpstr (saved->description, ==, "White van, plates ABC 123");
  g_assert_true (saved->locked);
}

static gboolean
is_label_text (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_entry_with_placeholder (GtkWidget *widget, gconstpointer prefix)
{
  return GTK_IS_ENTRY (widget) &&
         g_str_has_prefix (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), prefix);
}

/* Search, time filter and jump in the panel. */
static void
find_in_list (GtkWidget *window)
{
  GtkWidget *list = GTK_WIDGET (test.list);
  GtkWidget *search = find_of_type (list, GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *entries[2];
  GtkWidget *list_view = find_of_type (list, GTK_TYPE_LIST_VIEW);
  GtkWidget *name_label;
  g_autofree char *after_both =
      sl_bookmark_format_time (T0 + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
  g_autofree char *between =
      sl_bookmark_format_time (T0 - G_GINT64_CONSTANT (1800) * G_USEC_PER_SEC);

  wait_for_list (2, "both bookmarks in the list");
  wait_until_drawn (window);
  take_screenshot (window, "bookmark-list.png");

  set_text (search, "PLATES abc");
  wait_for_list (1, "the search to find the van by its description");
  wait_until_drawn (window);
  name_label = find_widget (list, is_label_text, "Van at the gate");
  g_assert_nonnull (name_label);
  g_assert_true (is_shown (name_label));
  take_screenshot (window, "bookmark-list-search.png");

  /* Activating the row jumps to the bookmark's start. */
  g_signal_emit_by_name (list_view, "activate", 0);
  g_assert_cmpint (test.jump_camera_id, ==, test.yard_id);
  g_assert_cmpint (test.jump_time_us, ==, T0 - 30 * G_USEC_PER_SEC);

  /* Time: from after both finds nothing; a bad time marks the entry. */
  set_text (search, "");
  entries[0] = find_widget (list, is_entry_with_placeholder, "From");
  entries[1] = find_widget (list, is_entry_with_placeholder, "To");
  g_assert_nonnull (entries[0]);
  g_assert_nonnull (entries[1]);
  set_text (entries[0], after_both);
  wait_for_list (0, "nothing after both bookmarks");
  g_assert_nonnull (find_widget (list, is_shown_label_containing, "another time range"));
  set_text (entries[0], "not a time");
  g_assert_true (gtk_widget_has_css_class (entries[0], "error"));
  g_assert_nonnull (find_widget (list, is_shown_label_containing, "Write times as"));
  set_text (entries[0], "");
  set_text (entries[1], between);
  wait_for_list (1, "only the older bookmark before the van");
  set_text (entries[1], "");
  wait_for_list (2, "both bookmarks again");
}

static void
edit_and_delete (void)
{
  GtkWidget *list = GTK_WIDGET (test.list);
  GtkWidget *dialog;
  AdwMessageDialog *question;
  g_autoptr (SlBookmark) edited = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = test.saved_id;

  test.saved_id = 0;
  gtk_widget_activate_action (list, "bookmarks.edit", "x", id);
  wait_for (dialog_shown, NULL, "the edit dialog");
  wait_for (cameras_loaded, NULL, "the cameras in the edit dialog");
  dialog = GTK_WIDGET (find_shown_toplevel (SL_TYPE_BOOKMARK_DIALOG));
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Bookmark");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, "Name"))), ==,
                   "Van at the gate");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_of_type (dialog, GTK_TYPE_SWITCH))));
  set_text (row (dialog, "Name"), "Van (edited)");
  gtk_switch_set_active (GTK_SWITCH (find_of_type (dialog, GTK_TYPE_SWITCH)), FALSE);
  gtk_widget_activate_action (dialog, "bookmark.save", NULL);
  wait_for (dialog_gone, NULL, "the edit dialog to close");
  g_assert_cmpint (test.saved_id, ==, id);

  edited = get_bookmark (id);
  g_assert_cmpstr (edited->name, ==, "Van (edited)");
  g_assert_false (edited->locked);
  g_assert_cmpint (edited->start_us, ==, T0 - 30 * G_USEC_PER_SEC);
  g_assert_cmpint (edited->end_us, ==, T0 + 60 * G_USEC_PER_SEC);
  set_text (find_of_type (list, GTK_TYPE_SEARCH_ENTRY), "edited");
  wait_for_list (1, "the edited name in the list");
  g_assert_nonnull (find_widget (list, is_label_text, "Van (edited)"));

  /* Delete asks first. */
  gtk_widget_activate_action (list, "bookmarks.delete", "x", id);
  question = wait_for_message_dialog ("the question before deleting");
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==,
                   "Delete Bookmark “Van (edited)”?");
  adw_message_dialog_response (question, "delete");
  wait_for_list (0, "the deleted bookmark to leave the list");
  g_assert_null (sl_catalog_get_bookmark (test.catalog, id, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_FOUND);
}

static gboolean
bookmark_steps (gpointer user_data)
{
  AppFixture *fixture = user_data;
  SlApplication *application = fixture->application;
  GtkWidget *window;
  SlBookmark older = {
    .camera_id = test.gate_id,
    .start_us = T0 - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
    .end_us = T0 - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
    .name = (char *)"Delivery",
    .description = (char *)"Parcels at the gate",
  };
  g_autoptr (GError) error = NULL;

  wait_for_main_window (application);
  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);

  add_through_dialog ();
  sl_catalog_add_bookmark (test.catalog, &older, &error);
  g_assert_no_error (error);

  window = gtk_window_new ();
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (application));
  gtk_window_set_title (GTK_WINDOW (window), "Bookmarks");
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 420);
  test.list = SL_BOOKMARK_LIST (sl_bookmark_list_new (test.catalog));
  g_signal_connect (test.list, "jump", G_CALLBACK (jump_cb), NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (test.list));
  gtk_window_present (GTK_WINDOW (window));

  find_in_list (window);
  edit_and_delete ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
add_camera (SlCatalog *catalog, const char *name, gint64 *id)
{
  g_autoptr (GError) error = NULL;
  SlCameraRecord record = {
    .name = (char *)name,
    .driver = (char *)"rtsp",
    .main_url = (char *)"rtsp://127.0.0.1:9/none",
    .enabled = FALSE, /* nothing to record: the catalog is what matters here */
  };

  *id = sl_catalog_add_camera (catalog, &record, &error);
  g_assert_no_error (error);
}

static void
test_bookmarks (AppFixture *fixture, gconstpointer user_data)
{
  test.fixture = fixture;
  test.catalog = app_fixture_open_catalog (fixture);
  add_camera (test.catalog, "Gate", &test.gate_id);
  add_camera (test.catalog, "Yard", &test.yard_id);

  app_fixture_run (fixture, bookmark_steps);
  assert_all_windows_gone (fixture);
  g_clear_object (&test.catalog);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  home = ui_test_init (&argc, &argv);
  g_test_add ("/bookmarks/add-find-edit-delete", AppFixture, NULL, app_fixture_set_up,
              test_bookmarks, app_fixture_tear_down);
  status = g_test_run ();
  delete_path (home);
  return status;
}
