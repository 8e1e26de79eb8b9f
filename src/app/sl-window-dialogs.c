// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-app"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-sequence-dialog.h"
#include "sl-sequence.h"
#include "sl-split-view.h"
#include "sl-window-private.h"

/* The dialogs of the view tree: new split view (name and template), new
 * sequence (name, items and dwell times), new folder, edit a sequence,
 * rename, move and delete. */

#define DIALOG_WINDOW "sl-window"

/* ---- Shared ------------------------------------------------------------------- */

static char *
entry_name (GtkEditable *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

/* The dialog's answer waits for a name, and whatever else @check wants. */
typedef gboolean (*DialogCheck) (AdwMessageDialog *dialog);

static void
update_response (AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sl-entry");
  DialogCheck check = g_object_get_data (G_OBJECT (dialog), "sl-check");
  const char *response = g_object_get_data (G_OBJECT (dialog), "sl-response");
  g_autofree char *name = entry_name (entry);

  adw_message_dialog_set_response_enabled (dialog, response,
                                           name[0] != '\0' && (check == NULL || check (dialog)));
}

/* A dialog asking for a name, with @extra below the entry. */
static AdwMessageDialog *
name_dialog_new (SlWindow *self,
                 const char *heading,
                 const char *response,
                 const char *response_label,
                 const char *name,
                 GtkWidget *extra)
{
  AdwMessageDialog *dialog =
      ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _ ("Name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Name"),
                                  -1);
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_box_append (GTK_BOX (box), entry);
  if (extra != NULL)
    gtk_box_append (GTK_BOX (box), extra);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data (G_OBJECT (dialog), DIALOG_WINDOW, self);
  g_object_set_data (G_OBJECT (dialog), "sl-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "sl-response", g_strdup (response), g_free);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_response), dialog);
  update_response (dialog);
  gtk_widget_grab_focus (entry);
  return dialog;
}

static gboolean
store_ready (SlWindow *self)
{
  if (self->store != NULL && sl_view_store_get_loaded (self->store))
    return TRUE;
  sl_window_add_toast (self, adw_toast_new (_ ("Views can be changed once the recorder runs")));
  return FALSE;
}

static int
next_position (SlWindow *self)
{
  GPtrArray *views = sl_view_store_get_views (self->store);
  int position = 0;

  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];

      if (view->parent_id == 0)
        position = MAX (position, view->position + 1);
    }
  return position;
}

typedef struct
{
  SlWindow *window;
  gboolean edit; /* open the new split view in edit mode */
} AddedData;

static void
view_added_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AddedData *data = user_data;
  g_autoptr (SlWindow) self = data->window;
  g_autoptr (GError) error = NULL;
  gint64 id = sl_view_store_add_view_finish (SL_VIEW_STORE (source), result, &error);
  gboolean edit = data->edit;
  g_autofree char *reference = NULL;
  AdwTabPage *page;

  g_free (data);
  if (id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->application != NULL)
        sl_window_show_error (self, error);
      return;
    }

  reference = g_strdup_printf ("view:%" G_GINT64_FORMAT, id);
  page = sl_window_open_reference (self, reference);
  if (page != NULL && edit && SL_IS_SPLIT_VIEW (adw_tab_page_get_child (page)))
    {
      sl_split_view_set_editing (SL_SPLIT_VIEW (adw_tab_page_get_child (page)), TRUE);
      sl_window_add_toast (self,
                           adw_toast_new (_ ("Drag cameras and views from the sidebar into the "
                                             "frames")));
    }
}

static void
add_view (SlWindow *self, SlViewRecord *view, gboolean edit)
{
  AddedData *data = g_new0 (AddedData, 1);

  data->window = g_object_ref (self);
  data->edit = edit;
  view->position = next_position (self);
  sl_view_store_add_view_async (self->store, view, NULL, view_added_cb, data);
}

/* ---- New split view --------------------------------------------------------- */

static const char *
template_label (SlViewTemplate template)
{
  switch (template)
    {
      case SL_VIEW_TEMPLATE_1:
        return C_ ("split view template", "1");
      case SL_VIEW_TEMPLATE_2X2:
        return C_ ("split view template", "2 × 2");
      case SL_VIEW_TEMPLATE_3X3:
        return C_ ("split view template", "3 × 3");
      case SL_VIEW_TEMPLATE_4X4:
        return C_ ("split view template", "4 × 4");
      case SL_VIEW_TEMPLATE_5X5:
        return C_ ("split view template", "5 × 5");
      case SL_VIEW_TEMPLATE_6X6:
        return C_ ("split view template", "6 × 6");
      case SL_VIEW_TEMPLATE_1_PLUS_5:
        return C_ ("split view template", "1 + 5");
      case SL_VIEW_TEMPLATE_1_PLUS_7:
        return C_ ("split view template", "1 + 7");
      case SL_VIEW_TEMPLATE_1_PLUS_12:
        return C_ ("split view template", "1 + 12");
      case SL_VIEW_TEMPLATE_2_PLUS_8:
      case SL_VIEW_N_TEMPLATES:
      default:
        return C_ ("split view template", "2 + 8");
    }
}

/* A little picture of the template's frames. */
static GtkWidget *
template_preview_new (SlViewTemplate template)
{
  g_autoptr (SlViewLayout) layout = sl_view_layout_new_from_template (template);
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 2);
  gtk_widget_set_size_request (grid, 64, 48);
  gtk_widget_add_css_class (grid, "sl-template-preview");
  for (guint i = 0; i < sl_view_layout_get_n_frames (layout); i++)
    {
      const SlViewFrame *frame = sl_view_layout_get_frame (layout, i);

      gtk_grid_attach (GTK_GRID (grid), gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), frame->column,
                       frame->row, frame->column_span, frame->row_span);
    }
  return grid;
}

static GtkWidget *
template_picker_new (void)
{
  GtkWidget *flow_box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow_box), GTK_SELECTION_BROWSE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow_box), 5);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow_box), 5);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow_box), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (flow_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Template"), -1);
  for (guint t = 0; t < SL_VIEW_N_TEMPLATES; t++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *label = gtk_label_new (template_label (t));

      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), template_preview_new (t));
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_margin_top (box, 4);
      gtk_widget_set_margin_bottom (box, 4);
      gtk_flow_box_append (GTK_FLOW_BOX (flow_box), box);
    }
  gtk_flow_box_select_child (
      GTK_FLOW_BOX (flow_box),
      gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (flow_box), SL_VIEW_TEMPLATE_2X2));
  return flow_box;
}

static void
new_split_view_response_cb (AdwMessageDialog *dialog, const char *response, gpointer unused)
{
  SlWindow *self = g_object_get_data (G_OBJECT (dialog), DIALOG_WINDOW);
  GtkFlowBox *templates = g_object_get_data (G_OBJECT (dialog), "sl-templates");
  g_autofree char *name = entry_name (g_object_get_data (G_OBJECT (dialog), "sl-entry"));
  g_autoptr (GList) selected = gtk_flow_box_get_selected_children (templates);
  g_autoptr (SlViewLayout) layout = NULL;
  g_autofree char *definition = NULL;
  SlViewRecord view = { 0 };
  int template;

  if (!g_str_equal (response, "create") || !store_ready (self))
    return;

  template = selected != NULL ? gtk_flow_box_child_get_index (selected->data) : 0;
  layout = sl_view_layout_new_from_template (CLAMP (template, 0, SL_VIEW_N_TEMPLATES - 1));
  definition = sl_view_layout_to_json (layout);
  view.kind = SL_VIEW_KIND_SPLIT;
  view.name = name;
  view.definition = definition;
  add_view (self, &view, TRUE);
}

void
sl_window_new_split_view (SlWindow *self)
{
  GtkWidget *templates = template_picker_new ();
  AdwMessageDialog *dialog =
      name_dialog_new (self, _ ("New Split View"), "create", _ ("_Create"), NULL, templates);

  if (!store_ready (self))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  adw_message_dialog_set_body (dialog, _ ("Choose a name and a template for the frames."));
  g_object_set_data (G_OBJECT (dialog), "sl-templates", templates);
  g_signal_connect (dialog, "response", G_CALLBACK (new_split_view_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- New sequence ---------------------------------------------------------- */

#define ITEM_CHECK   "sl-check-button"
#define ITEM_SPIN    "sl-spin-button"
#define ITEM_CONTENT "sl-content"
#define ITEM_ID      "sl-id"

static gboolean
sequence_has_items (AdwMessageDialog *dialog)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (dialog), "sl-items");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), ITEM_CHECK);

      if (check != NULL && gtk_check_button_get_active (check))
        return TRUE;
    }
  return FALSE;
}

static void
add_item_row (
    GtkListBox *list, AdwMessageDialog *dialog, const char *name, SlFrameContent content, gint64 id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, SL_SEQUENCE_MAX_DWELL_SECONDS, 1);
  GtkWidget *unit = gtk_label_new (_ ("s"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), SL_SEQUENCE_DEFAULT_DWELL_SECONDS);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, _ ("Dwell time in seconds"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Dwell time in seconds"), -1);
  gtk_widget_add_css_class (unit, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);

  g_object_set_data (G_OBJECT (row), ITEM_CHECK, check);
  g_object_set_data (G_OBJECT (row), ITEM_SPIN, spin);
  g_object_set_data (G_OBJECT (row), ITEM_CONTENT, GINT_TO_POINTER (content));
  g_object_set_data (G_OBJECT (row), ITEM_ID, GSIZE_TO_POINTER ((gsize)id));
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_response), dialog);
  gtk_list_box_append (list, row);
}

static void
new_sequence_response_cb (AdwMessageDialog *dialog, const char *response, gpointer unused)
{
  SlWindow *self = g_object_get_data (G_OBJECT (dialog), DIALOG_WINDOW);
  GtkWidget *list = g_object_get_data (G_OBJECT (dialog), "sl-items");
  g_autofree char *name = entry_name (g_object_get_data (G_OBJECT (dialog), "sl-entry"));
  g_autoptr (SlSequence) sequence = sl_sequence_new ();
  g_autofree char *definition = NULL;
  SlViewRecord view = { 0 };

  if (!g_str_equal (response, "create") || !store_ready (self))
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), ITEM_CHECK);
      GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), ITEM_SPIN);

      if (check == NULL || !gtk_check_button_get_active (check))
        continue;
      sl_sequence_add_item (sequence,
                            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), ITEM_CONTENT)),
                            GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), ITEM_ID)),
                            gtk_spin_button_get_value_as_int (spin), NULL);
    }

  definition = sl_sequence_to_json (sequence);
  view.kind = SL_VIEW_KIND_SEQUENCE;
  view.name = name;
  view.definition = definition;
  add_view (self, &view, FALSE);
}

void
sl_window_new_sequence (SlWindow *self)
{
  GtkWidget *scrolled;
  GtkWidget *list;
  AdwMessageDialog *dialog;
  GListModel *cameras;
  GPtrArray *views;

  if (!store_ready (self))
    return;

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  dialog = name_dialog_new (self, _ ("New Sequence"), "create", _ ("_Create"), NULL, scrolled);
  adw_message_dialog_set_body (dialog, _ ("Choose what the sequence shows, in order, and how "
                                          "many seconds each stays."));
  g_object_set_data (G_OBJECT (dialog), "sl-items", list);
  g_object_set_data (G_OBJECT (dialog), "sl-check", sequence_has_items);

  cameras = sl_view_store_get_cameras (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (cameras, i);

      add_item_row (GTK_LIST_BOX (list), dialog, sl_camera_get_name (camera), SL_FRAME_CAMERA,
                    sl_camera_get_id (camera));
    }
  views = sl_view_store_get_views (self->store);
  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];

      if (view->kind == SL_VIEW_KIND_SPLIT || view->kind == SL_VIEW_KIND_CAMERA)
        add_item_row (GTK_LIST_BOX (list), dialog, view->name, SL_FRAME_VIEW, view->id);
    }
  update_response (dialog);

  g_signal_connect (dialog, "response", G_CALLBACK (new_sequence_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- New folder ---------------------------------------------------------------- */

static void
new_folder_response_cb (AdwMessageDialog *dialog, const char *response, gpointer unused)
{
  SlWindow *self = g_object_get_data (G_OBJECT (dialog), DIALOG_WINDOW);
  g_autofree char *name = entry_name (g_object_get_data (G_OBJECT (dialog), "sl-entry"));
  SlViewRecord view = { 0 };

  if (!g_str_equal (response, "create") || !store_ready (self))
    return;
  view.kind = SL_VIEW_KIND_FOLDER;
  view.name = name;
  add_view (self, &view, FALSE);
}

void
sl_window_new_folder (SlWindow *self)
{
  AdwMessageDialog *dialog;

  if (!store_ready (self))
    return;
  dialog = name_dialog_new (self, _ ("New Folder"), "create", _ ("_Create"), NULL, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (new_folder_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- New camera view ------------------------------------------------------------ */

static void
new_camera_view_response_cb (AdwMessageDialog *dialog, const char *response, gpointer unused)
{
  SlWindow *self = g_object_get_data (G_OBJECT (dialog), DIALOG_WINDOW);
  GtkDropDown *cameras = g_object_get_data (G_OBJECT (dialog), "sl-cameras");
  g_autofree char *name = entry_name (g_object_get_data (G_OBJECT (dialog), "sl-entry"));
  g_autoptr (SlCamera) camera = NULL;
  SlViewRecord view = { 0 };
  guint position = gtk_drop_down_get_selected (cameras);

  if (!g_str_equal (response, "create") || !store_ready (self))
    return;
  camera = g_list_model_get_item (sl_view_store_get_cameras (self->store), position);
  if (camera == NULL)
    return;
  view.kind = SL_VIEW_KIND_CAMERA;
  view.name = name;
  view.camera_id = sl_camera_get_id (camera);
  add_view (self, &view, FALSE);
}

/* The name follows the camera until the user types another. */
static void
camera_selected_cb (GtkDropDown *cameras, GParamSpec *pspec, AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sl-entry");
  const char *previous = g_object_get_data (G_OBJECT (dialog), "sl-camera-name");
  GtkStringObject *item = gtk_drop_down_get_selected_item (cameras);
  const char *name = item != NULL ? gtk_string_object_get_string (item) : "";

  if (previous == NULL || g_str_equal (gtk_editable_get_text (entry), previous))
    gtk_editable_set_text (entry, name);
  g_object_set_data_full (G_OBJECT (dialog), "sl-camera-name", g_strdup (name), g_free);
}

void
sl_window_new_camera_view (SlWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *cameras;
  GtkWidget *drop_down;
  AdwMessageDialog *dialog;

  if (!store_ready (self))
    return;
  cameras = sl_view_store_get_cameras (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (cameras, i);

      gtk_string_list_append (names, sl_camera_get_name (camera));
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Camera"), -1);
  dialog = name_dialog_new (self, _ ("New Camera View"), "create", _ ("_Create"), NULL, drop_down);
  adw_message_dialog_set_body (dialog, _ ("A camera view shows one camera, alone or inside split "
                                          "views and sequences."));
  g_object_set_data (G_OBJECT (dialog), "sl-cameras", drop_down);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (camera_selected_cb), dialog);
  camera_selected_cb (GTK_DROP_DOWN (drop_down), NULL, dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (new_camera_view_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Rename, move and delete ---------------------------------------------------------- */

static void
view_written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean done = g_async_result_is_tagged (result, sl_view_store_remove_view_async)
                      ? sl_view_store_remove_view_finish (SL_VIEW_STORE (source), result, &error)
                      : sl_view_store_update_view_finish (SL_VIEW_STORE (source), result, &error);

  if (!done && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->application != NULL)
    sl_window_show_error (self, error);
}

static void
rename_response_cb (AdwMessageDialog *dialog, const char *response, gpointer unused)
{
  SlWindow *self = g_object_get_data (G_OBJECT (dialog), DIALOG_WINDOW);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), ITEM_ID));
  g_autofree char *name = entry_name (g_object_get_data (G_OBJECT (dialog), "sl-entry"));
  const SlViewRecord *view;
  g_autoptr (SlViewRecord) copy = NULL;

  if (!g_str_equal (response, "rename") || !store_ready (self))
    return;
  view = sl_view_store_lookup_view (self->store, id);
  if (view == NULL)
    return;
  copy = sl_view_record_copy (view);
  g_free (copy->name);
  copy->name = g_steal_pointer (&name);
  sl_view_store_update_view_async (self->store, copy, NULL, view_written_cb, g_object_ref (self));
}

void
sl_window_rename_view (SlWindow *self, gint64 view_id)
{
  const SlViewRecord *view;
  AdwMessageDialog *dialog;

  if (!store_ready (self) || (view = sl_view_store_lookup_view (self->store, view_id)) == NULL)
    return;
  dialog = name_dialog_new (
      self, view->kind == SL_VIEW_KIND_FOLDER ? _ ("Rename Folder") : _ ("Rename View"), "rename",
      _ ("_Rename"), view->name, NULL);
  g_object_set_data (G_OBJECT (dialog), ITEM_ID, GSIZE_TO_POINTER ((gsize)view_id));
  g_signal_connect (dialog, "response", G_CALLBACK (rename_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
can_move_into (SlWindow *self, const SlViewRecord *view, gint64 folder_id)
{
  const SlViewRecord *folder =
      folder_id != 0 ? sl_view_store_lookup_view (self->store, folder_id) : NULL;

  if (folder_id != 0 && (folder == NULL || folder->kind != SL_VIEW_KIND_FOLDER))
    return FALSE;
  if (sl_view_store_is_inside (self->store, folder_id, view->id))
    {
      sl_window_add_toast (self, adw_toast_new (_ ("A folder cannot go inside itself")));
      return FALSE;
    }
  return TRUE;
}

void
sl_window_move_view (SlWindow *self, gint64 view_id, gint64 folder_id)
{
  const SlViewRecord *view;
  g_autoptr (SlViewRecord) copy = NULL;
  GPtrArray *views;

  if (!store_ready (self) || (view = sl_view_store_lookup_view (self->store, view_id)) == NULL ||
      view->parent_id == folder_id || !can_move_into (self, view, folder_id))
    return;

  copy = sl_view_record_copy (view);
  copy->parent_id = folder_id;
  copy->position = 0;
  views = sl_view_store_get_views (self->store);
  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *other = views->pdata[i];

      if (other->parent_id == folder_id)
        copy->position = MAX (copy->position, other->position + 1);
    }
  sl_view_store_update_view_async (self->store, copy, NULL, view_written_cb, g_object_ref (self));
}

/* Puts @view_id at @index among the views of @folder_id (0: the top level)
 * and numbers that folder's views again; only rows whose place changed are
 * written. */
void
sl_window_place_view (SlWindow *self, gint64 view_id, gint64 folder_id, int index)
{
  const SlViewRecord *view;
  g_autoptr (GPtrArray) siblings = g_ptr_array_new ();
  GPtrArray *views;

  if (!store_ready (self) || (view = sl_view_store_lookup_view (self->store, view_id)) == NULL ||
      !can_move_into (self, view, folder_id))
    return;

  views = sl_view_store_get_views (self->store);
  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *other = views->pdata[i];

      if (other->parent_id == folder_id && other->id != view_id)
        g_ptr_array_add (siblings, (gpointer)other);
    }
  g_ptr_array_insert (siblings, CLAMP (index, 0, (int)siblings->len), (gpointer)view);

  for (guint i = 0; i < siblings->len; i++)
    {
      const SlViewRecord *sibling = siblings->pdata[i];
      g_autoptr (SlViewRecord) copy = NULL;

      if (sibling->position == (int)i && sibling->parent_id == folder_id)
        continue;
      copy = sl_view_record_copy (sibling);
      copy->parent_id = folder_id;
      copy->position = i;
      sl_view_store_update_view_async (self->store, copy, NULL, view_written_cb,
                                       g_object_ref (self));
    }
}

/* ---- Edit a sequence ------------------------------------------------------------ */

void
sl_window_edit_sequence (SlWindow *self, gint64 view_id)
{
  SlSequenceDialog *dialog;

  if (!store_ready (self))
    return;
  dialog = sl_sequence_dialog_new (GTK_WINDOW (self), self->store, view_id);
  if (dialog == NULL)
    {
      sl_window_add_toast (self, adw_toast_new (_ ("This sequence was deleted")));
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, gpointer unused)
{
  SlWindow *self = g_object_get_data (G_OBJECT (dialog), DIALOG_WINDOW);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), ITEM_ID));

  if (!g_str_equal (response, "delete") || !store_ready (self))
    return;
  sl_view_store_remove_view_async (self->store, id, NULL, view_written_cb, g_object_ref (self));
}

void
sl_window_delete_view (SlWindow *self, gint64 view_id)
{
  const SlViewRecord *view;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (!store_ready (self) || (view = sl_view_store_lookup_view (self->store, view_id)) == NULL)
    return;

  heading = g_strdup_printf (_ ("Delete “%s”?"), view->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (self), heading,
      view->kind == SL_VIEW_KIND_FOLDER
          ? _ ("The folder and every view in it are deleted. Cameras and their recordings stay.")
          : _ ("The view is deleted. Cameras and their recordings stay.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "delete", _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), DIALOG_WINDOW, self);
  g_object_set_data (G_OBJECT (dialog), ITEM_ID, GSIZE_TO_POINTER ((gsize)view_id));
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
