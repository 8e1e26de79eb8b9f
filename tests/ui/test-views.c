// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include "app-fixture.h"
#include "camsim-fixture.h"
#include "sl-camera.h"
#include "sl-catalog.h"
#include "sl-live-tile.h"
#include "sl-sequence-player.h"
#include "sl-sequence.h"
#include "sl-split-view.h"

/* Views in the real window over camsim cameras: a split view made with the
 * New Split View dialog and the open tabs come back after a restart, a 1 + 5
 * template lays its frames out with their spans, a click on a frame shows
 * its camera in the hotspot, a sequence moves on after its dwell time. */

#define N_CAMERAS 4

typedef struct
{
  AppFixture app; /* first: the steps get the AppFixture */
  Camsim *sim;
  gint64 camera_ids[N_CAMERAS];
  char *names[N_CAMERAS];
  gint64 view_id;
  gint64 sequence_id;
} ViewsFixture;

static void
views_fixture_set_up (ViewsFixture *fixture, gconstpointer user_data)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);

  /* The memory backend lives as long as the test program. */
  g_settings_reset (settings, "tabs-by-data-folder");
  app_fixture_set_up (&fixture->app, user_data);
}

static void
views_fixture_tear_down (ViewsFixture *fixture, gconstpointer user_data)
{
  g_clear_pointer (&fixture->sim, camsim_stop);
  for (guint i = 0; i < N_CAMERAS; i++)
    g_clear_pointer (&fixture->names[i], g_free);
  app_fixture_tear_down (&fixture->app, user_data);
}

static void
add_simulated_cameras (ViewsFixture *fixture, SlCatalog *catalog)
{
  const char *args[] = { "--cameras", G_STRINGIFY (N_CAMERAS), NULL };

  fixture->sim = camsim_start (args);
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autoptr (GError) error = NULL;
      SlCameraRecord record = { 0 };

      fixture->names[i] =
          g_strdup (json_object_get_string_member (camsim_camera (fixture->sim, i), "name"));
      record.name = fixture->names[i];
      record.driver = (char *)"rtsp";
      /* Sub streams (640×360) keep the test light. */
      record.main_url = (char *)camsim_rtsp_url (fixture->sim, i, "sub");
      record.enabled = TRUE;
      fixture->camera_ids[i] = sl_catalog_add_camera (catalog, &record, &error);
      g_assert_no_error (error);
    }
}

/* ---- Helpers ------------------------------------------------------------------ */

typedef struct
{
  SlWindow *window;
  guint n_pages;
} PagesWait;

static gboolean
has_pages (gconstpointer data)
{
  const PagesWait *wait = data;

  return adw_tab_view_get_n_pages (sl_window_get_tab_view (wait->window)) == (int)wait->n_pages;
}

static void
wait_for_pages (SlWindow *window, guint n_pages)
{
  PagesWait wait = { window, n_pages };

  wait_for (has_pages, &wait, "the tabs to open");
}

static const char *
page_title (SlWindow *window, int index)
{
  return adw_tab_page_get_title (
      adw_tab_view_get_nth_page (sl_window_get_tab_view (window), index));
}

static GtkWidget *
selected_content (SlWindow *window)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (sl_window_get_tab_view (window));

  g_assert_nonnull (page);
  return adw_tab_page_get_child (page);
}

static gboolean
time_has_come (gconstpointer data)
{
  return g_get_monotonic_time () >= *(const gint64 *)data;
}

/* The split view moves its frames from an idle: time for it to run. */
static void
let_idles_run (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 4;

  wait_for (time_has_come, &until, "time to pass");
}

static gboolean
is_flow_box (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_FLOW_BOX (widget);
}

static gboolean
is_entry (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_ENTRY (widget);
}

static gboolean
is_sidebar_list (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

/* The frames were laid out again after a change, with a tile in frame 2. */
static gboolean
frame_shows_tile (gconstpointer data)
{
  SlSplitView *split_view = SL_SPLIT_VIEW ((gpointer)data);

  return SL_IS_LIVE_TILE (sl_split_view_get_frame_content (split_view, 2)) &&
         SL_IS_LIVE_TILE (sl_split_view_get_frame_content (split_view, 1));
}

static gboolean
is_status_button (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_has_css_class (widget, "sl-status-button");
}

static gboolean
has_warning (gconstpointer data)
{
  return gtk_widget_has_css_class (GTK_WIDGET (data), "warning");
}

static gboolean
monitor_window_shown (gconstpointer data)
{
  GtkWindow *window = find_shown_toplevel (ADW_TYPE_WINDOW);

  *(GtkWidget **)data = (GtkWidget *)window;
  return window != NULL;
}

static void
collect (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* The widgets of @type under @root, in order. */
static GPtrArray *
collect_widgets (GtkWidget *root, GType type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, found);
  return found;
}

static const SlViewRecord *
find_view (SlWindow *window, const char *name)
{
  GPtrArray *views = sl_view_store_get_views (sl_window_get_view_store (window));

  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];

      if (g_strcmp0 (view->name, name) == 0)
        return view;
    }
  return NULL;
}

/* data: { window, name } */
static gboolean
view_named (gconstpointer data)
{
  const char *const *args = data;

  return find_view ((SlWindow *)args[0], args[1]) != NULL;
}

/* data: { window, name } */
static gboolean
view_in_folder (gconstpointer data)
{
  const char *const *args = data;
  const SlViewRecord *view = find_view ((SlWindow *)args[0], args[1]);

  return view != NULL && view->parent_id != 0;
}

/* data: { window, title } */
static gboolean
first_tab_titled (gconstpointer data)
{
  const char *const *args = data;
  SlWindow *window = (SlWindow *)args[0];

  return adw_tab_view_get_n_pages (sl_window_get_tab_view (window)) > 0 &&
         g_strcmp0 (page_title (window, 0), args[1]) == 0;
}

static gboolean
store_loaded (gconstpointer data)
{
  SlViewStore *store = sl_window_get_view_store ((SlWindow *)data);

  return store != NULL && sl_view_store_get_loaded (store);
}

static gboolean
all_tiles_live (gconstpointer data)
{
  g_autoptr (GPtrArray) tiles = find_live_tiles (GTK_WIDGET (data));

  for (guint i = 0; i < tiles->len; i++)
    {
      if (sl_video_paintable_get_frames (sl_live_tile_get_paintable (tiles->pdata[i])) < 2)
        return FALSE;
    }
  return tiles->len > 0;
}

static graphene_rect_t
frame_bounds (SlSplitView *split_view, guint index)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (sl_split_view_get_frame (split_view, index),
                                            GTK_WIDGET (split_view), &bounds));
  return bounds;
}

/* ---- Views survive a restart ------------------------------------------------------ */

static gboolean
first_run_steps (gpointer user_data)
{
  ViewsFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  AdwMessageDialog *dialog = NULL;
  GtkWidget *entry;
  GtkFlowBox *templates;
  GtkWidget *split_view;
  GtkWidget *tile;
  GtkWidget *sidebar_list;
  const SlViewLayout *layout;
  g_autofree char *reference_1 =
      g_strdup_printf ("camera:%" G_GINT64_FORMAT, fixture->camera_ids[0]);
  g_autofree char *reference_2 =
      g_strdup_printf ("camera:%" G_GINT64_FORMAT, fixture->camera_ids[1]);

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);

  /* The first start opens "All cameras". */
  wait_for_pages (window, 1);
  g_assert_cmpstr (page_title (window, 0), ==, "All cameras");

  /* New Split View: a name and the 1 + 5 template. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-split-view", NULL);
  dialog = wait_for_message_dialog ("the New Split View dialog");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  entry = find_widget (GTK_WIDGET (dialog), is_entry, NULL);
  templates = GTK_FLOW_BOX (find_widget (GTK_WIDGET (dialog), is_flow_box, NULL));
  g_assert_nonnull (entry);
  g_assert_nonnull (templates);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Entrance");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  gtk_flow_box_select_child (
      templates, gtk_flow_box_get_child_at_index (templates, SL_VIEW_TEMPLATE_1_PLUS_5));
  take_screenshot (GTK_WIDGET (dialog), "new-split-view.png");
  /* As its button does: respond, then close. */
  adw_message_dialog_response (dialog, "create");
  gtk_window_close (GTK_WINDOW (dialog));

  /* It opens in a second tab, in edit mode, and keeps what is changed. */
  wait_for_pages (window, 2);
  g_assert_cmpstr (page_title (window, 1), ==, "Entrance");
  split_view = selected_content (window);
  g_assert_true (SL_IS_SPLIT_VIEW (split_view));
  g_assert_true (sl_split_view_get_editing (SL_SPLIT_VIEW (split_view)));
  wait_until_drawn (GTK_WIDGET (window));
  take_screenshot (GTK_WIDGET (window), "edit-split-view.png");
  /* A custom span: the lower left frame merged with its right neighbour. */
  gtk_widget_activate_action (split_view, "split.merge-right", "u", 3);
  layout = sl_split_view_get_layout (SL_SPLIT_VIEW (split_view));
  g_assert_cmpuint (sl_view_layout_get_n_frames (layout), ==, 5);
  g_assert_cmpuint (sl_view_layout_get_frame (layout, 3)->column_span, ==, 2);
  /* Under load the store can read the saved view back before the idle that
   * moves the frames runs: the views change while the six old frames are
   * still on screen. The frames are laid out then. */
  g_signal_emit_by_name (sl_window_get_view_store (window), "changed");
  g_assert_cmpuint (sl_split_view_get_n_frames (SL_SPLIT_VIEW (split_view)), ==, 5);
  let_idles_run ();
  g_assert_cmpuint (sl_split_view_get_n_frames (SL_SPLIT_VIEW (split_view)), ==, 5);

  /* Cameras dropped from the sidebar, then two frames swapped by their
   * handles: the tiles move with their frames. */
  g_assert_true (sl_split_view_drop_reference (SL_SPLIT_VIEW (split_view), 1, reference_1));
  g_assert_true (sl_split_view_drop_reference (SL_SPLIT_VIEW (split_view), 2, reference_2));
  g_assert_false (sl_split_view_drop_reference (SL_SPLIT_VIEW (split_view), 3, "camera:999"));
  wait_for (frame_shows_tile, split_view, "the dropped camera's tile");
  tile = sl_split_view_get_frame_content (SL_SPLIT_VIEW (split_view), 2);
  g_assert_true (SL_IS_LIVE_TILE (tile));
  g_assert_cmpstr (live_tile_name_text (tile), ==, fixture->names[1]);
  sl_split_view_swap_frames (SL_SPLIT_VIEW (split_view), 1, 2);
  let_idles_run ();
  g_assert_true (sl_split_view_get_frame_content (SL_SPLIT_VIEW (split_view), 1) == tile);
  g_assert_cmpstr (
      live_tile_name_text (sl_split_view_get_frame_content (SL_SPLIT_VIEW (split_view), 2)), ==,
      fixture->names[0]);
  gtk_widget_activate_action (split_view, "split.set-hotspot", "u", 0);
  g_assert_cmpint (
      sl_view_layout_get_hotspot (sl_split_view_get_layout (SL_SPLIT_VIEW (split_view))), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-view", NULL);
  g_assert_false (sl_split_view_get_editing (SL_SPLIT_VIEW (split_view)));

  /* A camera activated in the sidebar opens in a third tab (rows: All
   * cameras, Entrance, Cameras, Camera 1, 2, 3…); again, it is focused. */
  sidebar_list = find_widget (GTK_WIDGET (window), is_sidebar_list, NULL);
  g_assert_nonnull (sidebar_list);
  g_signal_emit_by_name (sidebar_list, "activate", 5);
  wait_for_pages (window, 3);
  g_assert_cmpstr (page_title (window, 2), ==, fixture->names[2]);
  g_assert_true (SL_IS_LIVE_TILE (selected_content (window)));
  adw_tab_view_set_selected_page (sl_window_get_tab_view (window),
                                  adw_tab_view_get_nth_page (sl_window_get_tab_view (window), 1));
  g_signal_emit_by_name (sidebar_list, "activate", 5);
  g_assert_cmpint (adw_tab_view_get_n_pages (sl_window_get_tab_view (window)), ==, 3);
  g_assert_true (SL_IS_LIVE_TILE (selected_content (window)));

  /* The Entrance tab is the one in front when the application quits. */
  adw_tab_view_set_selected_page (sl_window_get_tab_view (window),
                                  adw_tab_view_get_nth_page (sl_window_get_tab_view (window), 1));
  quit_stopping_recording (application);
  return G_SOURCE_REMOVE;
}

static gboolean
second_run_steps (gpointer user_data)
{
  ViewsFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  SlSplitView *split_view;
  const SlViewLayout *layout;
  graphene_rect_t big, small_right, small_below;

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);

  /* The same tabs, in the same order, the same one in front. */
  wait_for_pages (window, 3);
  g_assert_cmpstr (page_title (window, 0), ==, "All cameras");
  g_assert_cmpstr (page_title (window, 1), ==, "Entrance");
  g_assert_cmpstr (page_title (window, 2), ==, fixture->names[2]);
  g_assert_true (SL_IS_SPLIT_VIEW (selected_content (window)));
  split_view = SL_SPLIT_VIEW (selected_content (window));

  /* The saved layout: 1 + 5 with its hotspot. */
  layout = sl_split_view_get_layout (split_view);
  g_assert_cmpuint (sl_view_layout_get_columns (layout), ==, 3);
  g_assert_cmpuint (sl_view_layout_get_n_frames (layout), ==, 5);
  g_assert_cmpuint (sl_view_layout_get_frame (layout, 3)->column_span, ==, 2);
  g_assert_cmpint (sl_view_layout_get_hotspot (layout), ==, 0);
  g_assert_cmpint (sl_view_layout_get_frame (layout, 1)->id, ==, fixture->camera_ids[1]);
  g_assert_cmpint (sl_view_layout_get_frame (layout, 2)->id, ==, fixture->camera_ids[0]);

  /* On screen the large frame is twice as wide and high as the small ones
   * (plus the spacing between the cells it covers). */
  wait_until_drawn (GTK_WIDGET (window));
  big = frame_bounds (split_view, 0);
  small_right = frame_bounds (split_view, 1);
  small_below = frame_bounds (split_view, 3);
  g_test_message ("Large frame %.0fx%.0f at %.0f,%.0f; small %.0fx%.0f at %.0f,%.0f",
                  big.size.width, big.size.height, big.origin.x, big.origin.y,
                  small_right.size.width, small_right.size.height, small_right.origin.x,
                  small_right.origin.y);
  g_assert_cmpfloat (big.size.width, >, 100);
  g_assert_cmpfloat_with_epsilon (big.size.width, 2 * small_right.size.width + 2, 3);
  g_assert_cmpfloat_with_epsilon (big.size.height, 2 * small_right.size.height + 2, 3);
  g_assert_cmpfloat_with_epsilon (small_right.origin.x, big.origin.x + big.size.width + 2, 2);
  g_assert_cmpfloat_with_epsilon (small_below.origin.y, big.origin.y + big.size.height + 2, 2);
  /* The merged frame below is as wide as the large one. */
  g_assert_cmpfloat_with_epsilon (small_below.size.width, big.size.width, 2);
  g_assert_cmpfloat_with_epsilon (small_below.size.height, small_right.size.height, 2);
  take_screenshot (GTK_WIDGET (window), "views-restored.png");

  quit_stopping_recording (application);
  return G_SOURCE_REMOVE;
}

static void
test_restart (ViewsFixture *fixture, gconstpointer user_data)
{
  g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (&fixture->app);

  add_simulated_cameras (fixture, catalog);
  g_clear_object (&catalog);

  app_fixture_run (&fixture->app, first_run_steps);
  assert_all_windows_gone (&fixture->app);

  {
    g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
    g_autoptr (GVariant) tabs = g_settings_get_value (settings, "tabs-by-data-folder");
    g_autofree char *text = g_variant_print (tabs, FALSE);

    g_test_message ("Remembered tabs: %s", text);
  }
  /* A new application on the same data folder, as after a restart. */
  g_clear_object (&fixture->app.application);
  fixture->app.application = sl_application_new ();
  g_application_set_flags (G_APPLICATION (fixture->app.application),
                           g_application_get_flags (G_APPLICATION (fixture->app.application)) |
                               G_APPLICATION_NON_UNIQUE);
  app_fixture_run (&fixture->app, second_run_steps);
  assert_all_windows_gone (&fixture->app);
}

/* ---- Hotspot and sequence ---------------------------------------------------------- */

/* What a click on a frame does: the frame's click gesture releases. */
static void
click_frame (SlSplitView *split_view, guint index)
{
  GtkWidget *frame = sl_split_view_get_frame (split_view, index);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (frame);
  gboolean clicked = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !clicked; i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "released", 1, 10.0, 10.0);
          clicked = TRUE;
        }
    }
  g_assert_true (clicked);
}

static gboolean
sequence_moved_on (gconstpointer data)
{
  return sl_sequence_player_get_position ((SlSequencePlayer *)data) == 1;
}

static gboolean
hotspot_steps (gpointer user_data)
{
  ViewsFixture *fixture = user_data;
  SlApplication *application = fixture->app.application;
  SlWindow *window = wait_for_main_window (application);
  g_autofree char *view = g_strdup_printf ("view:%" G_GINT64_FORMAT, fixture->view_id);
  g_autofree char *sequence = g_strdup_printf ("view:%" G_GINT64_FORMAT, fixture->sequence_id);
  SlSplitView *split_view;
  GtkWidget *hotspot;
  SlSequencePlayer *player;
  GtkWidget *status;
  GtkWidget *row;
  GtkWidget *monitor_window = NULL;
  AdwMessageDialog *dialog = NULL;
  g_autoptr (GPtrArray) checks = NULL;
  g_autoptr (GPtrArray) spins = NULL;
  gint64 started;

  g_assert_cmpint (wait_for_recorder (application), ==, SL_RECORDER_STATUS_RUNNING);
  wait_for (store_loaded, window, "the views");

  /* Views exist: nothing opens by itself. */
  g_assert_cmpint (adw_tab_view_get_n_pages (sl_window_get_tab_view (window)), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-reference",
                                  g_variant_new_string (view));
  wait_for_pages (window, 1);
  split_view = SL_SPLIT_VIEW (selected_content (window));
  wait_until_drawn (GTK_WIDGET (window));

  /* The hotspot starts empty; a click on the third camera's frame shows it there. */
  g_assert_false (SL_IS_LIVE_TILE (sl_split_view_get_frame_content (split_view, 0)));
  click_frame (split_view, 3);
  hotspot = sl_split_view_get_frame_content (split_view, 0);
  g_assert_true (SL_IS_LIVE_TILE (hotspot));
  g_assert_cmpint (sl_camera_get_id (sl_live_tile_get_camera (SL_LIVE_TILE (hotspot))), ==,
                   fixture->camera_ids[2]);
  g_assert_cmpstr (live_tile_name_text (hotspot), ==, fixture->names[2]);
  /* Another click, another camera, the same tile. */
  click_frame (split_view, 1);
  g_assert_true (sl_split_view_get_frame_content (split_view, 0) == hotspot);
  g_assert_cmpstr (live_tile_name_text (hotspot), ==, fixture->names[0]);
  /* A click on the hotspot itself changes nothing. */
  click_frame (split_view, 0);
  g_assert_cmpstr (live_tile_name_text (hotspot), ==, fixture->names[0]);
  wait_for (all_tiles_live, window, "video in every tile");
  take_screenshot (GTK_WIDGET (window), "hotspot.png");

  /* The sequence dropped into the empty frame plays there. */
  g_assert_true (sl_split_view_drop_reference (split_view, 5, sequence));
  let_idles_run ();
  g_assert_true (SL_IS_SEQUENCE_PLAYER (sl_split_view_get_frame_content (split_view, 5)));
  g_assert_true (sl_split_view_get_frame_content (split_view, 0) == hotspot);

  /* Show on Monitor: the view in its own window on the first monitor. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-on-monitor",
                                  g_variant_new ("(su)", view, 0));
  wait_for (monitor_window_shown, &monitor_window, "the view's own window");
  g_assert_true (SL_IS_SPLIT_VIEW (adw_window_get_content (ADW_WINDOW (monitor_window))));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (monitor_window)), ==, "Hotspot");
  wait_until_drawn (GTK_WIDGET (monitor_window));
  g_test_message ("Full screen: %d", gtk_window_is_fullscreen (GTK_WINDOW (monitor_window)));
  gtk_window_close (GTK_WINDOW (monitor_window));
  g_assert_false (monitor_window_shown (&monitor_window));

  /* A sequence of two cameras, one second each, in place of the split view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  wait_for_pages (window, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-reference",
                                  g_variant_new_string (sequence));
  wait_for_pages (window, 1);
  player = SL_SEQUENCE_PLAYER (selected_content (window));
  g_assert_cmpuint (sl_sequence_player_get_position (player), ==, 0);
  g_assert_cmpstr (live_tile_name_text (sl_sequence_player_get_content (player)), ==,
                   fixture->names[3]);
  started = g_get_monotonic_time ();
  wait_for (sequence_moved_on, player, "the sequence to show its next item");
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpstr (live_tile_name_text (sl_sequence_player_get_content (player)), ==,
                   fixture->names[1]);
  /* Paused, it stays; next and previous still step. */
  gtk_widget_activate_action (GTK_WIDGET (player), "sequence.play-pause", NULL);
  g_assert_false (sl_sequence_player_get_playing (player));
  gtk_widget_activate_action (GTK_WIDGET (player), "sequence.next", NULL);
  g_assert_cmpuint (sl_sequence_player_get_position (player), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (player), "sequence.previous", NULL);
  g_assert_cmpuint (sl_sequence_player_get_position (player), ==, 1);
  take_screenshot (GTK_WIDGET (window), "sequence.png");

  /* A camera loses its network: the status button warns and lists it. */
  status = find_widget (GTK_WIDGET (window), is_status_button, NULL);
  g_assert_nonnull (status);
  g_assert_false (gtk_widget_has_css_class (status, "warning"));
  camsim_control (fixture->sim, 2, "network?state=down");
  wait_for (has_warning, status, "the status button to warn");
  gtk_menu_button_popup (GTK_MENU_BUTTON (status));
  row = find_widget (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (status))),
                     is_action_row_titled, fixture->names[2]);
  g_assert_nonnull (row);
  g_assert_true (
      g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Connection lost"));
  take_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (status))),
                   "status.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (status));
  camsim_control (fixture->sim, 2, "network?state=up");

  /* Rename the sequence: its tab follows. Delete it (asked first): its tab closes. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "rename-view",
                                  g_variant_new_int64 (fixture->sequence_id));
  dialog = wait_for_message_dialog ("the Rename dialog");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), is_entry, NULL)), " ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), is_entry, NULL)), "Night");
  adw_message_dialog_response (dialog, "rename");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for (first_tab_titled, (gpointer)(const char *[]){ (const char *)window, "Night" },
            "the tab to take the new name");

  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-view",
                                  g_variant_new_int64 (fixture->sequence_id));
  dialog = wait_for_message_dialog ("the question before deleting");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Night”?");
  adw_message_dialog_response (dialog, "delete");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_pages (window, 0);
  g_assert_null (
      sl_view_store_lookup_view (sl_window_get_view_store (window), fixture->sequence_id));

  /* A folder, a camera view named after its camera, moved into the folder. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-folder", NULL);
  dialog = wait_for_message_dialog ("the New Folder dialog");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), is_entry, NULL)), "Site");
  adw_message_dialog_response (dialog, "create");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for (view_named, (gpointer)(const char *[]){ (const char *)window, "Site" }, "the folder");

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-camera-view", NULL);
  dialog = wait_for_message_dialog ("the New Camera View dialog");
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), is_entry, NULL))), ==,
      fixture->names[0]);
  adw_message_dialog_response (dialog, "create");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_pages (window, 1);
  g_assert_true (SL_IS_LIVE_TILE (selected_content (window)));
  g_assert_cmpstr (page_title (window, 0), ==, fixture->names[0]);
  {
    const SlViewRecord *folder = find_view (window, "Site");
    const SlViewRecord *camera_view = find_view (window, fixture->names[0]);

    g_assert_cmpint (camera_view->kind, ==, SL_VIEW_KIND_CAMERA);
    g_assert_cmpint (camera_view->camera_id, ==, fixture->camera_ids[0]);
    g_action_group_activate_action (G_ACTION_GROUP (window), "move-view",
                                    g_variant_new ("(xx)", camera_view->id, folder->id));
    wait_for (view_in_folder, (gpointer)(const char *[]){ (const char *)window, fixture->names[0] },
              "the camera view to move into the folder");
  }
  take_screenshot (GTK_WIDGET (window), "camera-view.png");

  /* New Sequence: the first two rows (the first two cameras), the second for
   * 3 seconds; nothing chosen, nothing to create. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-sequence", NULL);
  dialog = wait_for_message_dialog ("the New Sequence dialog");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), is_entry, NULL)), "Gates");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  checks = collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
  spins = collect_widgets (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpuint (checks->len, >=, N_CAMERAS);
  g_assert_cmpuint (spins->len, ==, checks->len);
  gtk_check_button_set_active (checks->pdata[0], TRUE);
  gtk_check_button_set_active (checks->pdata[1], TRUE);
  gtk_spin_button_set_value (spins->pdata[1], 3);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  take_screenshot (GTK_WIDGET (dialog), "new-sequence.png");
  adw_message_dialog_response (dialog, "create");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for (view_named, (gpointer)(const char *[]){ (const char *)window, "Gates" },
            "the sequence");
  {
    g_autoptr (SlSequence) made =
        sl_sequence_new_from_json (find_view (window, "Gates")->definition, NULL);

    g_assert_nonnull (made);
    g_assert_cmpuint (sl_sequence_get_n_items (made), ==, 2);
    g_assert_cmpint (sl_sequence_get_item (made, 0)->id, ==, fixture->camera_ids[0]);
    g_assert_cmpuint (sl_sequence_get_item (made, 0)->dwell_seconds, ==,
                      SL_SEQUENCE_DEFAULT_DWELL_SECONDS);
    g_assert_cmpint (sl_sequence_get_item (made, 1)->id, ==, fixture->camera_ids[1]);
    g_assert_cmpuint (sl_sequence_get_item (made, 1)->dwell_seconds, ==, 3);
  }
  wait_for_pages (window, 2);
  g_assert_true (SL_IS_SEQUENCE_PLAYER (selected_content (window)));

  quit_stopping_recording (application);
  return G_SOURCE_REMOVE;
}

static void
test_hotspot_and_sequence (ViewsFixture *fixture, gconstpointer user_data)
{
  g_autoptr (SlCatalog) catalog = app_fixture_open_catalog (&fixture->app);
  g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (SL_VIEW_TEMPLATE_1_PLUS_5);
  g_autoptr (SlSequence) sequence = sl_sequence_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *layout_json = NULL;
  g_autofree char *sequence_json = NULL;
  SlViewRecord view = { 0 };

  add_simulated_cameras (fixture, catalog);
  sl_view_layout_set_hotspot (layout, 0);
  for (guint i = 0; i < N_CAMERAS; i++)
    sl_view_layout_set_frame_content (layout, i + 1, SL_FRAME_CAMERA, fixture->camera_ids[i]);
  layout_json = sl_view_layout_to_json (layout);
  view.kind = SL_VIEW_KIND_SPLIT;
  view.name = (char *)"Hotspot";
  view.definition = layout_json;
  fixture->view_id = sl_catalog_add_view (catalog, &view, &error);
  g_assert_no_error (error);

  sl_sequence_add_item (sequence, SL_FRAME_CAMERA, fixture->camera_ids[3], 1, NULL);
  sl_sequence_add_item (sequence, SL_FRAME_CAMERA, fixture->camera_ids[1], 1, NULL);
  sequence_json = sl_sequence_to_json (sequence);
  view.kind = SL_VIEW_KIND_SEQUENCE;
  view.name = (char *)"Tour";
  view.definition = sequence_json;
  fixture->sequence_id = sl_catalog_add_view (catalog, &view, &error);
  g_assert_no_error (error);
  g_clear_object (&catalog);

  app_fixture_run (&fixture->app, hotspot_steps);
  assert_all_windows_gone (&fixture->app);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = NULL;
  int status;

  g_setenv ("SL_CREDENTIALS_BACKEND", "file", TRUE);
  home = ui_test_init (&argc, &argv);

  g_test_add ("/views/restart", ViewsFixture, NULL, views_fixture_set_up, test_restart,
              views_fixture_tear_down);
  g_test_add ("/views/hotspot-and-sequence", ViewsFixture, NULL, views_fixture_set_up,
              test_hotspot_and_sequence, views_fixture_tear_down);

  status = g_test_run ();
  delete_path (home);

  return status;
}
