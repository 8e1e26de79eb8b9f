// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <stdio.h>
#include <string.h>

#include "app-fixture.h"
#include "sl-bookmark-dialog.h"
#include "sl-sequence-dialog.h"
#include "sl-sequence-player.h"
#include "sl-sequence.h"
#include "sl-sidebar.h"

/* Editing the view tree in the real window: the Edit Sequence dialog (add,
 * reorder with buttons and Alt+Down, dwell times checked as typed, remove,
 * save), the playing sequence taking the edit without restarting its tile,
 * views moved into a folder and between rows of the sidebar (a drop, and
 * Alt+Up on the focused row), all still there after a restart; the open tabs
 * belong to their data folder. Cameras are disabled: nothing decodes. */

#define N_CAMERAS 3

typedef struct
{
  AppFixture app; /* first: the steps get the AppFixture */
  gint64 camera_ids[N_CAMERAS];
  gint64 folder_id;
  gint64 overview_id;
  gint64 tour_id;
} EditFixture;

static const char *camera_names[N_CAMERAS] = { "Gate", "Yard", "Dock" };

/* GTK 4.8 logs a critical in gtk_widget_compute_point when a click on an
 * item of the sidebar's popover menu closes it (any item, Open as well):
 * GTK's own, and the item still works; anything else stays fatal. */
static gboolean
is_gtk_quirk (const char *domain, const char *message)
{
  return g_strcmp0 (domain, "Gtk") == 0 && strstr (message, "gtk_widget_compute_point") != NULL;
}

static gboolean
fatal_log_cb (const char *domain, GLogLevelFlags level, const char *message, gpointer unused)
{
  return !is_gtk_quirk (domain, message);
}

static void
gtk_critical_cb (const char *domain, GLogLevelFlags level, const char *message, gpointer unused)
{
  if (is_gtk_quirk (domain, message))
    g_test_message ("Ignored: %s", message);
  else
    g_log_default_handler (domain, level, message, NULL);
}

static void
edit_fixture_set_up (EditFixture *fixture, gconstpointer user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr (SlCatalog) catalog = NULL;
  g_autoptr (SlSequence) sequence = sl_sequence_new ();
  g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_2X2);
  g_autoptr (GError) error = NULL;
  g_autofree char *definition = NULL;
  SlViewRecord view = { 0 };

  g_settings_reset (settings, "tabs-by-data-folder");
  /* GTest resets this for each test. */
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
  g_log_set_handler ("Gtk", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL, gtk_critical_cb, NULL);
  app_fixture_set_up (&fixture->app, user_data);
  catalog = app_fixture_open_catalog (&fixture->app);
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      SlCameraRecord record = { 0 };

      record.name = (char *)camera_names[i];
      record.driver = (char *)"rtsp";
      record.main_url = (char *)"rtsp://127.0.0.1:9/none";
      record.enabled = FALSE;
      fixture->camera_ids[i] = sl_catalog_add_camera (catalog, &record, &error);
      g_assert_no_error (error);
    }

  /* Top level: Site (folder), Overview, Tour. */
  view.kind = SL_VIEW_KIND_FOLDER;
  view.name = (char *)"Site";
  view.definition = (char *)"";
  view.position = 0;
  fixture->folder_id = sl_catalog_add_view (catalog, &view, &error);
  g_assert_no_error (error);

  definition = sl_view_layout_to_json (layout);
  view.kind = SL_VIEW_KIND_SPLIT;
  view.name = (char *)"Overview";
  view.definition = definition;
  view.position = 1;
  fixture->overview_id = sl_catalog_add_view (catalog, &view, &error);
  g_assert_no_error (error);
  g_clear_pointer (&definition, g_free);

  sl_sequence_add_item (sequence, SL_FRAME_CAMERA, fixture->camera_ids[0], 5, NULL);
  sl_sequence_add_item (sequence, SL_FRAME_CAMERA, fixture->camera_ids[1], 7, NULL);
  definition = sl_sequence_to_json (sequence);
  view.kind = SL_VIEW_KIND_SEQUENCE;
  view.name = (char *)"Tour";
  view.definition = definition;
  view.position = 2;
  fixture->tour_id = sl_catalog_add_view (catalog, &view, &error);
  g_assert_no_error (error);
}

static void
edit_fixture_tear_down (EditFixture *fixture, gconstpointer user_data)
{
  app_fixture_tear_down (&fixture->app, user_data);
}

/* ---- Helpers ------------------------------------------------------------------ */

/* Real key presses into @window (focused first: there is no window manager). */
static void
xdotool_key (GtkWidget *window, const char *keys)
{
  g_autoptr (GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *command = g_strdup_printf ("xdotool windowfocus --sync %lu key --window %lu %s",
                                              (gulong)gdk_x11_surface_get_xid (surface),
                                              (gulong)gdk_x11_surface_get_xid (surface), keys);
  g_auto (GStrv) argv = NULL;
  int status;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
}

/* A real click with @button in the middle of @widget, which may be in a
 * popover of the window (its own X window), at screen coordinates. */
static void
xdotool_click (GtkWidget *widget, int button)
{
  GtkNative *native = gtk_widget_get_native (widget);
  gulong xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  g_autofree char *command = g_strdup_printf ("xdotool getwindowgeometry --shell %lu", xid);
  g_autofree char *geometry = NULL;
  graphene_rect_t bounds;
  double dx, dy;
  int x = -1, y = -1;

  wait_until_drawn (GTK_WIDGET (native));
  g_assert_true (g_spawn_command_line_sync (command, &geometry, NULL, NULL, NULL));
  g_assert_nonnull (strstr (geometry, "X="));
  g_assert_cmpint (sscanf (strstr (geometry, "X="), "X=%d\nY=%d", &x, &y), ==, 2);
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  gtk_native_get_surface_transform (native, &dx, &dy);
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("xdotool mousemove %d %d sleep 0.2 click %d",
                             (int)(x + dx + bounds.origin.x + bounds.size.width / 2),
                             (int)(y + dy + bounds.origin.y + bounds.size.height / 2), button);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

/* Drops "view:@view_id" on the sidebar row @row at the fraction @y_fraction
 * of its height, through the row's own drop target. */
static void
drop_on_row (GtkWidget *row, gint64 view_id, double y_fraction)
{
  GtkWidget *expander = gtk_widget_get_first_child (row);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (expander);
  g_autofree char *reference = g_strdup_printf ("view:%" G_GINT64_FORMAT, view_id);
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  g_assert_cmpint (gtk_widget_get_height (expander), >, 0);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, reference);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0,
                               gtk_widget_get_height (expander) * y_fraction, &dropped);
    }
  g_assert_true (dropped);
}

static gboolean
store_loaded (gconstpointer data)
{
  SlViewStore *store = sl_window_get_view_store ((SlWindow *)data);

  return store != NULL && sl_view_store_get_loaded (store) &&
         g_list_model_get_n_items (sl_view_store_get_cameras (store)) == N_CAMERAS;
}

static gboolean
sequence_dialog_shown (gconstpointer data)
{
  GtkWindow *dialog = find_shown_toplevel (SL_TYPE_SEQUENCE_DIALOG);

  *(SlSequenceDialog **)data = (SlSequenceDialog *)dialog;
  return dialog != NULL;
}

static gboolean
sequence_dialog_gone (gconstpointer unused)
{
  SlSequenceDialog *dialog = NULL;

  return !sequence_dialog_shown (&dialog);
}

/* The camera ids of a sequence's items, and their dwell times, as "ID:S ID:S". */
static char *
describe (const SlSequence *sequence)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < sl_sequence_get_n_items (sequence); i++)
    {
      const SlSequenceItem *item = sl_sequence_get_item (sequence, i);

      g_string_append_printf (text, "%s%" G_GINT64_FORMAT ":%u", i > 0 ? " " : "", item->id,
                              item->dwell_seconds);
    }
  return g_string_free (text, FALSE);
}

static char *
expected (EditFixture *fixture, guint first, guint first_dwell, guint second, guint second_dwell)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%u %" G_GINT64_FORMAT ":%u",
                          fixture->camera_ids[first], first_dwell, fixture->camera_ids[second],
                          second_dwell);
}

static GPtrArray *
spin_buttons (GtkWidget *root, GPtrArray *found)
{
  if (GTK_IS_SPIN_BUTTON (root))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    spin_buttons (child, found);
  return found;
}

static gboolean
is_sidebar (GtkWidget *widget, gconstpointer unused)
{
  return SL_IS_SIDEBAR (widget);
}

static gboolean
is_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The widget of the sidebar's row that says @name (a child of its list view). */
static GtkWidget *
sidebar_row (SlWindow *window, const char *name)
{
  GtkWidget *sidebar = find_widget (GTK_WIDGET (window), is_sidebar, NULL);
  GtkWidget *label = find_widget (sidebar, is_label, name);

  g_assert_nonnull (label);
  while (!GTK_IS_LIST_VIEW (gtk_widget_get_parent (label)))
    label = gtk_widget_get_parent (label);
  return label;
}

/* The names of the top level's views, in order, as "A, B, C". */
static char *
top_level (SlWindow *window)
{
  GPtrArray *views = sl_view_store_get_views (sl_window_get_view_store (window));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];

      if (view->parent_id == 0)
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", view->name);
    }
  return g_string_free (text, FALSE);
}

/* data: { window, "A, B, C" } */
static gboolean
top_level_is (gconstpointer data)
{
  const char *const *args = data;
  g_autofree char *names = top_level ((SlWindow *)args[0]);

  return g_str_equal (names, args[1]);
}

static void
wait_for_top_level (SlWindow *window, const char *names)
{
  g_autofree char *what = g_strdup_printf ("the top level to read %s", names);

  wait_for (top_level_is, (gpointer)(const char *[]){ (const char *)window, names }, what);
}

/* data: { window, view id } */
static gboolean
overview_in_folder (gconstpointer data)
{
  EditFixture *fixture = (EditFixture *)data;
  SlWindow *window = find_main_window (fixture->app.application);
  const SlViewRecord *view =
      sl_view_store_lookup_view (sl_window_get_view_store (window), fixture->overview_id);

  return view != NULL && view->parent_id == fixture->folder_id;
}

static gboolean
row_focused (GtkWidget *row)
{
  return gtk_widget_has_focus (row) || gtk_widget_get_focus_child (row) != NULL;
}

/* data: { window, name } */
static gboolean
sidebar_row_focused (gconstpointer data)
{
  const char *const *args = data;

  return row_focused (sidebar_row ((SlWindow *)args[0], args[1]));
}

/* data: the dialog; Gate's row moved below Dock's and kept the focus */
static gboolean
moved_down_with_focus (gconstpointer data)
{
  SlSequenceDialog *dialog = (SlSequenceDialog *)data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, ADW_TYPE_ACTION_ROW) : NULL;
  GtkWidget *first = row != NULL ? gtk_widget_get_first_child (gtk_widget_get_parent (row)) : NULL;

  return row != NULL && is_action_row_titled (row, "Gate") && first != row &&
         is_action_row_titled (first, "Dock");
}

/* data: the player; the edit reached it */
static gboolean
player_has_two_items (gconstpointer data)
{
  return sl_sequence_get_n_items (sl_sequence_player_get_sequence ((SlSequencePlayer *)data)) ==
             2 &&
         sl_sequence_player_get_position ((SlSequencePlayer *)data) == 1;
}

static gboolean
has_one_page (gconstpointer data)
{
  return adw_tab_view_get_n_pages (sl_window_get_tab_view ((SlWindow *)data)) == 1;
}

static gboolean
bookmark_dialog_shown (gconstpointer data)
{
  GtkWindow *dialog = find_shown_toplevel (SL_TYPE_BOOKMARK_DIALOG);

  *(GtkWidget **)data = (GtkWidget *)dialog;
  return dialog != NULL;
}

/* data: { window, text } */
static gboolean
menu_item_shown (gconstpointer data)
{
  const char *const *args = data;

  return find_widget ((GtkWidget *)args[0], is_shown_label_containing, args[1]) != NULL;
}

/* ---- First run: edit ------------------------------------------------------------ */

static gboolean
edit_steps (gpointer user_data)
{
  EditFixture *fixture = user_data;
  SlWindow *window = wait_for_main_window (fixture->app.application);
  g_autofree char *tour = g_strdup_printf ("view:%" G_GINT64_FORMAT, fixture->tour_id);
  g_autofree char *dock = g_strdup_printf ("camera:%" G_GINT64_FORMAT, fixture->camera_ids[2]);
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;
  g_autoptr (GPtrArray) spins = NULL;
  SlSequenceDialog *dialog = NULL;
  SlSequencePlayer *player;
  GtkWidget *shown;
  GtkWidget *save;
  GtkWidget *row;

  g_assert_cmpint (wait_for_recorder (fixture->app.application), ==, SL_RECORDER_STATUS_RUNNING);
  wait_for (store_loaded, window, "the views and cameras");

  /* The sequence plays in a tab, its first camera on screen. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-reference",
                                  g_variant_new_string (tour));
  wait_for (has_one_page, window, "the sequence's tab");
  player = SL_SEQUENCE_PLAYER (
      adw_tab_page_get_child (adw_tab_view_get_selected_page (sl_window_get_tab_view (window))));
  shown = sl_sequence_player_get_content (player);
  g_assert_cmpuint (sl_sequence_player_get_position (player), ==, 0);

  /* A right click on Tour's row in the sidebar, then on Edit… in its menu:
   * the dialog lists the two items with their dwell times. */
  wait_until_drawn (GTK_WIDGET (window));
  xdotool_click (sidebar_row (window, "Tour"), 3);
  wait_for (menu_item_shown, (gpointer)(const char *[]){ (const char *)window, "Edit…" },
            "the row's menu");
  xdotool_click (find_widget (GTK_WIDGET (window), is_shown_label_containing, "Edit…"), 1);
  wait_for (sequence_dialog_shown, &dialog, "the Edit Sequence dialog");
  g_assert_cmpint (sl_sequence_dialog_get_view_id (dialog), ==, fixture->tour_id);
  text = describe (sl_sequence_dialog_get_sequence (dialog));
  want = expected (fixture, 0, 5, 1, 7);
  g_assert_cmpstr (text, ==, want);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&want, g_free);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_action_row_titled, "Gate"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_action_row_titled, "Yard"));

  /* Add Dock (from the Add menu's action), move it up with its button:
   * Gate, Dock, Yard. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "items.add", "s", dock);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "items.move-up", "u", 2);
  g_assert_cmpuint (sl_sequence_get_n_items (sl_sequence_dialog_get_sequence (dialog)), ==, 3);
  g_assert_cmpint (sl_sequence_get_item (sl_sequence_dialog_get_sequence (dialog), 1)->id, ==,
                   fixture->camera_ids[2]);

  /* Alt+Down on the focused first row: Dock, Gate, Yard. */
  wait_until_drawn (GTK_WIDGET (dialog));
  row = GTK_WIDGET (find_widget (GTK_WIDGET (dialog), is_action_row_titled, "Gate"));
  gtk_widget_grab_focus (row);
  xdotool_key (GTK_WIDGET (dialog), "alt+Down");
  wait_for (moved_down_with_focus, dialog, "Alt+Down to move the row, which keeps the focus");
  g_assert_cmpint (sl_sequence_get_item (sl_sequence_dialog_get_sequence (dialog), 0)->id, ==,
                   fixture->camera_ids[2]);
  g_assert_cmpint (sl_sequence_get_item (sl_sequence_dialog_get_sequence (dialog), 1)->id, ==,
                   fixture->camera_ids[0]);

  /* Dwell times are checked as typed: 0 and 4000 are refused, 12 goes. */
  spins = spin_buttons (GTK_WIDGET (dialog), g_ptr_array_new ());
  g_assert_cmpuint (spins->len, ==, 3);
  save = find_widget (GTK_WIDGET (dialog), is_button_labelled, "Save");
  g_assert_nonnull (save);
  gtk_editable_set_text (GTK_EDITABLE (spins->pdata[1]), "0");
  g_assert_false (sl_sequence_dialog_get_valid (dialog));
  g_assert_true (gtk_widget_has_css_class (spins->pdata[1], "error"));
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), is_shown_label_containing, "1 to 3600"));
  gtk_editable_set_text (GTK_EDITABLE (spins->pdata[1]), "4000");
  g_assert_false (sl_sequence_dialog_get_valid (dialog));
  take_screenshot (GTK_WIDGET (dialog), "sequence-dialog-error.png");
  gtk_editable_set_text (GTK_EDITABLE (spins->pdata[1]), "12");
  g_assert_true (sl_sequence_dialog_get_valid (dialog));
  g_assert_false (gtk_widget_has_css_class (spins->pdata[1], "error"));
  g_assert_true (gtk_widget_is_sensitive (save));
  g_assert_null (find_widget (GTK_WIDGET (dialog), is_shown_label_containing, "1 to 3600"));

  /* Remove Yard; Dock 10 s (the default), Gate 12 s. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "items.remove", "u", 2);
  text = describe (sl_sequence_dialog_get_sequence (dialog));
  want = expected (fixture, 2, SL_SEQUENCE_DEFAULT_DWELL_SECONDS, 0, 12);
  g_assert_cmpstr (text, ==, want);
  g_clear_pointer (&text, g_free);
  take_screenshot (GTK_WIDGET (dialog), "sequence-dialog.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sequence.save", NULL);
  wait_for (sequence_dialog_gone, NULL, "the dialog to save and close");

  /* The playing sequence took it: Gate, on screen, is now second, and its
   * tile was kept. */
  wait_for (player_has_two_items, player, "the player to take the edit");
  g_assert_true (sl_sequence_player_get_content (player) == shown);
  text = describe (sl_sequence_player_get_sequence (player));
  g_assert_cmpstr (text, ==, want);

  /* Overview dropped onto the middle of the folder's row goes into it. (GTK's
   * X11 drag and drop needs a window manager: the row's drop target gets
   * the drop as GTK would hand it over.) */
  wait_until_drawn (GTK_WIDGET (window));
  drop_on_row (sidebar_row (window, "Site"), fixture->overview_id, 0.5);
  wait_for (overview_in_folder, fixture, "Overview to go into Site");
  wait_for_top_level (window, "Site, Tour");

  /* Alt+Up on Tour's row: Tour, Site; the row keeps the focus. */
  wait_until_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_grab_focus (sidebar_row (window, "Tour")));
  xdotool_key (GTK_WIDGET (window), "alt+Up");
  wait_for_top_level (window, "Tour, Site");
  wait_for (sidebar_row_focused, (gpointer)(const char *[]){ (const char *)window, "Tour" },
            "the moved row to keep the focus");

  /* Overview dropped on the lower half of Tour's row comes out of the folder,
   * after Tour. */
  wait_until_drawn (GTK_WIDGET (window));
  drop_on_row (sidebar_row (window, "Tour"), fixture->overview_id, 0.8);
  wait_for_top_level (window, "Tour, Overview, Site");
  take_screenshot (GTK_WIDGET (window), "sidebar-moved.png");

  /* Ctrl+B: an accelerator whose action takes a tuple of int64. */
  {
    g_auto (GStrv) actions = gtk_application_get_actions_for_accel (
        GTK_APPLICATION (fixture->app.application), "<Control>b");
    g_autofree char *name = NULL;
    g_autoptr (GVariant) target = NULL;
    GtkWidget *bookmark = NULL;

    g_assert_cmpuint (g_strv_length (actions), ==, 1);
    g_assert_true (g_action_parse_detailed_name (actions[0], &name, &target, NULL));
    g_assert_cmpstr (name, ==, "app.add-bookmark");
    g_assert_cmpstr (g_variant_get_type_string (target), ==, "(xx)");
    xdotool_key (GTK_WIDGET (window), "ctrl+b");
    wait_for (bookmark_dialog_shown, &bookmark, "Ctrl+B to open the bookmark dialog");
    gtk_window_destroy (GTK_WINDOW (bookmark));
  }

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app.application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* ---- Second run: all still there --------------------------------------------------- */

static gboolean
restart_steps (gpointer user_data)
{
  EditFixture *fixture = user_data;
  SlWindow *window = wait_for_main_window (fixture->app.application);
  g_autofree char *text = NULL;
  g_autofree char *want = expected (fixture, 2, SL_SEQUENCE_DEFAULT_DWELL_SECONDS, 0, 12);
  g_autofree char *names = NULL;
  GtkWidget *content;

  wait_for (store_loaded, window, "the views and cameras");
  names = top_level (window);
  g_assert_cmpstr (names, ==, "Tour, Overview, Site");
  wait_for (has_one_page, window, "the remembered tab");
  content =
      adw_tab_page_get_child (adw_tab_view_get_selected_page (sl_window_get_tab_view (window)));
  g_assert_true (SL_IS_SEQUENCE_PLAYER (content));
  text = describe (sl_sequence_player_get_sequence (SL_SEQUENCE_PLAYER (content)));
  g_assert_cmpstr (text, ==, want);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app.application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* ---- Third run: another data folder -------------------------------------------------- */

static gboolean
views_loaded (gconstpointer data)
{
  return sl_view_store_get_loaded ((SlViewStore *)data);
}

static gboolean
other_folder_steps (gpointer user_data)
{
  EditFixture *fixture = user_data;
  SlWindow *window = wait_for_main_window (fixture->app.application);
  SlViewStore *store;

  g_assert_cmpint (wait_for_recorder (fixture->app.application), ==, SL_RECORDER_STATUS_RUNNING);
  store = sl_window_get_view_store (window);
  g_assert_nonnull (store);
  wait_for (views_loaded, store, "the views");
  /* Tour's id means nothing here: no tab opens. */
  g_assert_cmpint (adw_tab_view_get_n_pages (sl_window_get_tab_view (window)), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app.application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
restart (EditFixture *fixture, GSourceFunc steps)
{
  g_clear_object (&fixture->app.application);
  fixture->app.application = sl_application_new ();
  g_application_set_flags (G_APPLICATION (fixture->app.application),
                           g_application_get_flags (G_APPLICATION (fixture->app.application)) |
                               G_APPLICATION_NON_UNIQUE);
  app_fixture_run (&fixture->app, steps);
  assert_all_windows_gone (&fixture->app);
}

static void
test_edit (EditFixture *fixture, gconstpointer user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr (GVariant) tabs = NULL;
  g_autofree char *first_folder = fixture->app.data_dir;
  g_autoptr (GError) error = NULL;

  app_fixture_run (&fixture->app, edit_steps);
  assert_all_windows_gone (&fixture->app);
  restart (fixture, restart_steps);

  /* Another data folder where Tour's id is a split view: nothing reopens. */
  fixture->app.data_dir = g_dir_make_tmp ("sightline-test-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (&fixture->app);
    g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_1);
    g_autofree char *definition = sl_view_layout_to_json (layout);
    SlViewRecord view = { 0 };

    view.kind = SL_VIEW_KIND_SPLIT;
    view.name = (char *)"Other";
    view.definition = definition;
    for (gint64 id = 0; id < fixture->tour_id; id = sl_catalog_add_view (catalog, &view, &error))
      g_assert_no_error (error);
  }
  restart (fixture, other_folder_steps);
  tabs = g_settings_get_value (settings, "tabs-by-data-folder");
  g_assert_cmpuint (g_variant_n_children (tabs), ==, 2);

  delete_path (fixture->app.data_dir);
  g_free (fixture->app.data_dir);
  fixture->app.data_dir = g_steal_pointer (&first_folder);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  home = ui_test_init (&argc, &argv);

  g_test_add ("/view-editing/sequence-and-sidebar", EditFixture, NULL, edit_fixture_set_up,
              test_edit, edit_fixture_tear_down);

  status = g_test_run ();
  delete_path (home);

  return status;
}
