// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-sequence-dialog.h"

#define ROW_SPIN "sl-dwell-spin"
#define ROW_UP   "sl-move-up"
#define ROW_DOWN "sl-move-down"

struct _SlSequenceDialog
{
  AdwWindow parent_instance;

  /* Template children */
  AdwEntryRow *name_row;
  GtkListBox *items_list;
  GtkLabel *error_label;
  GMenu *add_cameras_section;
  GMenu *add_views_section;

  /* Owned */
  SlViewStore *store;
  GArray *items;        /* SlSequenceItem, dwell times as last valid */
  SlSequence *sequence; /* made from items for the getter */
  GCancellable *cancellable;

  gint64 view_id;
  gboolean saving;
};

G_DEFINE_FINAL_TYPE (SlSequenceDialog, sl_sequence_dialog, ADW_TYPE_WINDOW)

static void rebuild_rows (SlSequenceDialog *self);

static char *
item_reference (const SlSequenceItem *item)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT,
                          item->content == SL_FRAME_CAMERA ? "camera" : "view", item->id);
}

static const char *
item_kind_label (SlSequenceDialog *self, const SlSequenceItem *item)
{
  const SlViewRecord *view;

  if (item->content == SL_FRAME_CAMERA)
    return _ ("Camera");
  view = sl_view_store_lookup_view (self->store, item->id);
  if (view != NULL && view->kind == SL_VIEW_KIND_CAMERA)
    return _ ("Camera view");
  return _ ("Split view");
}

/* ---- Checks ------------------------------------------------------------------ */

static gboolean
parse_dwell (const char *text, guint *seconds)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, 1, SL_SEQUENCE_MAX_DWELL_SECONDS, &number, NULL))
    return FALSE;
  *seconds = number;
  return TRUE;
}

/* The first problem, or NULL; @field gets the widget it concerns. */
static const char *
find_problem (SlSequenceDialog *self, GtkWidget **field)
{
  g_autofree char *name =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  guint index = 0;

  *field = NULL;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->items_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row), index++)
    {
      GtkWidget *spin = g_object_get_data (G_OBJECT (row), ROW_SPIN);
      guint seconds;

      if (spin != NULL && !parse_dwell (gtk_editable_get_text (GTK_EDITABLE (spin)), &seconds))
        {
          *field = spin;
          return _ ("A dwell time is a whole number of seconds from 1 to 3600.");
        }
    }
  if (self->items->len == 0)
    return _ ("A sequence needs at least one camera or view: add one.");
  if (name[0] == '\0')
    {
      *field = GTK_WIDGET (self->name_row);
      return _ ("Give the sequence a name.");
    }
  return NULL;
}

/* Errors show as the user types; Save waits until there is none. */
static void
update_validity (SlSequenceDialog *self)
{
  GtkWidget *field = NULL;
  const char *problem = find_problem (self, &field);

  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->items_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *spin = g_object_get_data (G_OBJECT (row), ROW_SPIN);

      if (spin != NULL)
        gtk_widget_remove_css_class (spin, "error");
    }
  if (field != NULL)
    gtk_widget_add_css_class (field, "error");
  gtk_label_set_text (self->error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sequence.save",
                                 problem == NULL && !self->saving);
}

static void
items_changed (SlSequenceDialog *self)
{
  g_clear_pointer (&self->sequence, sl_sequence_free);
  self->sequence = sl_sequence_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      const SlSequenceItem *item = &g_array_index (self->items, SlSequenceItem, i);

      sl_sequence_add_item (self->sequence, item->content, item->id, item->dwell_seconds, NULL);
    }
}

/* ---- Rows -------------------------------------------------------------------- */

static void
dwell_changed_cb (GtkEditable *spin, SlSequenceDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (spin), GTK_TYPE_LIST_BOX_ROW);
  int index = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
  guint seconds;

  if (index >= 0 && (guint)index < self->items->len &&
      parse_dwell (gtk_editable_get_text (spin), &seconds))
    {
      g_array_index (self->items, SlSequenceItem, index).dwell_seconds = seconds;
      items_changed (self);
    }
  update_validity (self);
}

/* A button of a row; one that cannot act (moving the first item up) has no
 * action: an actionable button takes its sensitivity from the action. */
static GtkWidget *
icon_button_new (
    const char *icon_name, const char *label, const char *action, guint index, gboolean can_act)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (can_act)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
    }
  else
    gtk_widget_set_sensitive (button, FALSE);
  return button;
}

static GtkWidget *
item_row_new (SlSequenceDialog *self, guint index)
{
  const SlSequenceItem *item = &g_array_index (self->items, SlSequenceItem, index);
  g_autofree char *reference = item_reference (item);
  const char *name = sl_view_store_get_reference_name (self->store, reference);
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *position = gtk_label_new (number);
  GtkWidget *spin = gtk_spin_button_new_with_range (1, SL_SEQUENCE_MAX_DWELL_SECONDS, 1);
  GtkWidget *unit = gtk_label_new (_ ("s"));
  GtkWidget *up =
      icon_button_new ("go-up-symbolic", _ ("Move Up"), "items.move-up", index, index > 0);
  GtkWidget *down = icon_button_new ("go-down-symbolic", _ ("Move Down"), "items.move-down", index,
                                     index + 1 < self->items->len);
  GtkWidget *remove =
      icon_button_new ("user-trash-symbolic", _ ("Remove"), "items.remove", index, TRUE);
  g_autofree char *dwell_label = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 name != NULL ? name : _ ("Removed camera or view"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), item_kind_label (self, item));
  gtk_widget_add_css_class (position, "dim-label");
  gtk_widget_add_css_class (position, "numeric");
  gtk_widget_set_size_request (position, 24, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), position);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), item->dwell_seconds);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  /* A value out of range is shown as an error, not quietly clamped. */
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  /* TRANSLATORS: accessible label of a dwell time; %s is the camera or view */
  dwell_label = g_strdup_printf (_ ("Dwell time of %s in seconds"), name != NULL ? name : "");
  gtk_widget_set_tooltip_text (spin, _ ("Dwell time in seconds, 1 to 3600"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, dwell_label,
                                  -1);
  g_signal_connect (spin, "changed", G_CALLBACK (dwell_changed_cb), self);
  gtk_widget_add_css_class (unit, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  g_object_set_data (G_OBJECT (row), ROW_SPIN, spin);
  g_object_set_data (G_OBJECT (row), ROW_UP, up);
  g_object_set_data (G_OBJECT (row), ROW_DOWN, down);
  return row;
}

static void
rebuild_rows (SlSequenceDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_list))) != NULL)
    gtk_list_box_remove (self->items_list, child);
  for (guint i = 0; i < self->items->len; i++)
    gtk_list_box_append (self->items_list, item_row_new (self, i));
  if (self->items->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_ ("Nothing to show yet: add cameras or views."));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_list_box_append (self->items_list, empty);
      gtk_list_box_row_set_activatable (
          GTK_LIST_BOX_ROW (gtk_widget_get_first_child (GTK_WIDGET (self->items_list))), FALSE);
    }
  items_changed (self);
  update_validity (self);
}

/* Focus stays with the item that moved: on its button when a button moved
 * it, else on its row. */
static void
focus_item (SlSequenceDialog *self, guint index, const char *button_key)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->items_list, index);
  GtkWidget *button;

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->items_list, index > 0 ? index - 1 : 0);
  if (row == NULL)
    return;
  button = button_key != NULL ? g_object_get_data (G_OBJECT (row), button_key) : NULL;
  if (button != NULL && gtk_widget_get_sensitive (button))
    gtk_widget_grab_focus (button);
  else
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
move_item (SlSequenceDialog *self, guint index, int delta, const char *button_key)
{
  SlSequenceItem item;
  guint to;

  if (index >= self->items->len || (delta < 0 && index == 0) ||
      (delta > 0 && index + 1 >= self->items->len))
    return;
  to = index + delta;
  item = g_array_index (self->items, SlSequenceItem, index);
  g_array_remove_index (self->items, index);
  g_array_insert_val (self->items, to, item);
  rebuild_rows (self);
  focus_item (self, to, button_key);
}

static void
remove_item (SlSequenceDialog *self, guint index)
{
  if (index >= self->items->len)
    return;
  g_array_remove_index (self->items, index);
  rebuild_rows (self);
  if (self->items->len > 0)
    focus_item (self, MIN (index, self->items->len - 1), NULL);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->items_list));
}

static int
focused_index (SlSequenceDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->items_list) ||
      g_object_get_data (G_OBJECT (row), ROW_SPIN) == NULL)
    return -1;
  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
}

static gboolean
move_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (user_data);
  int index = focused_index (self);

  if (index < 0)
    return FALSE;
  move_item (self, index, g_variant_get_int32 (args), NULL);
  return TRUE;
}

static gboolean
remove_key_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (user_data);
  int index = focused_index (self);

  if (index < 0)
    return FALSE;
  remove_item (self, index);
  return TRUE;
}

/* ---- Actions ----------------------------------------------------------------- */

static void
item_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (g_str_equal (action_name, "items.move-up"))
    move_item (self, index, -1, ROW_UP);
  else if (g_str_equal (action_name, "items.move-down"))
    move_item (self, index, 1, ROW_DOWN);
  else
    remove_item (self, index);
}

static void
add_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (widget);
  SlSequenceItem item = { 0 };
  SlFrameContent content;

  if (!sl_view_store_resolve_reference (self->store, g_variant_get_string (parameter, NULL),
                                        &content, &item.id) ||
      (content != SL_FRAME_CAMERA && content != SL_FRAME_VIEW))
    return;
  item.content = content;
  item.dwell_seconds = SL_SEQUENCE_DEFAULT_DWELL_SECONDS;
  g_array_append_val (self->items, item);
  rebuild_rows (self);
  focus_item (self, self->items->len - 1, NULL);
}

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlSequenceDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sl_view_store_update_view_finish (SL_VIEW_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->saving = FALSE;
      update_validity (self);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (widget);
  const SlViewRecord *view = sl_view_store_lookup_view (self->store, self->view_id);
  g_autoptr (SlViewRecord) copy = NULL;
  GtkWidget *field = NULL;

  if (find_problem (self, &field) != NULL || self->saving)
    {
      update_validity (self);
      if (field != NULL)
        gtk_widget_grab_focus (field);
      return;
    }
  if (view == NULL)
    {
      gtk_label_set_text (self->error_label, _ ("This sequence was deleted meanwhile."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  copy = sl_view_record_copy (view);
  g_free (copy->name);
  copy->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_free (copy->definition);
  copy->definition = sl_sequence_to_json (self->sequence);
  self->saving = TRUE;
  update_validity (self);
  sl_view_store_update_view_async (self->store, copy, self->cancellable, saved_cb,
                                   g_object_ref (self));
}

/* The Add menu: every camera, then the split views and camera views. */
static void
fill_add_menu (SlSequenceDialog *self)
{
  GListModel *cameras = sl_view_store_get_cameras (self->store);
  GPtrArray *views = sl_view_store_get_views (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (cameras, i);
      g_autofree char *reference =
          g_strdup_printf ("camera:%" G_GINT64_FORMAT, sl_camera_get_id (camera));
      g_autoptr (GMenuItem) item = g_menu_item_new (sl_camera_get_name (camera), NULL);

      g_menu_item_set_action_and_target (item, "items.add", "s", reference);
      g_menu_append_item (self->add_cameras_section, item);
    }
  for (guint i = 0; i < views->len; i++)
    {
      const SlViewRecord *view = views->pdata[i];
      g_autofree char *reference = NULL;
      g_autoptr (GMenuItem) item = NULL;

      if (view->kind != SL_VIEW_KIND_SPLIT && view->kind != SL_VIEW_KIND_CAMERA)
        continue;
      reference = g_strdup_printf ("view:%" G_GINT64_FORMAT, view->id);
      item = g_menu_item_new (view->name, NULL);
      g_menu_item_set_action_and_target (item, "items.add", "s", reference);
      g_menu_append_item (self->add_views_section, item);
    }
}

/* ---- GObject ----------------------------------------------------------------- */

static void
sl_sequence_dialog_dispose (GObject *object)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SEQUENCE_DIALOG);

  G_OBJECT_CLASS (sl_sequence_dialog_parent_class)->dispose (object);
}

static void
sl_sequence_dialog_finalize (GObject *object)
{
  SlSequenceDialog *self = SL_SEQUENCE_DIALOG (object);

  g_array_unref (self->items);
  g_clear_pointer (&self->sequence, sl_sequence_free);

  G_OBJECT_CLASS (sl_sequence_dialog_parent_class)->finalize (object);
}

static void
sl_sequence_dialog_class_init (SlSequenceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_sequence_dialog_dispose;
  object_class->finalize = sl_sequence_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/sequence-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSequenceDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlSequenceDialog, items_list);
  gtk_widget_class_bind_template_child (widget_class, SlSequenceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlSequenceDialog, add_cameras_section);
  gtk_widget_class_bind_template_child (widget_class, SlSequenceDialog, add_views_section);

  gtk_widget_class_install_action (widget_class, "items.add", "s", add_activated);
  gtk_widget_class_install_action (widget_class, "items.move-up", "u", item_action_cb);
  gtk_widget_class_install_action (widget_class, "items.move-down", "u", item_action_cb);
  gtk_widget_class_install_action (widget_class, "items.remove", "u", item_action_cb);
  gtk_widget_class_install_action (widget_class, "sequence.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_sequence_dialog_init (SlSequenceDialog *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (keys);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->items = g_array_new (FALSE, FALSE, sizeof (SlSequenceItem));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_validity), self);

  gtk_shortcut_controller_add_shortcut (
      shortcuts,
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                       gtk_callback_action_new (move_key_cb, self, NULL), "i", -1));
  gtk_shortcut_controller_add_shortcut (
      shortcuts,
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                       gtk_callback_action_new (move_key_cb, self, NULL), "i", 1));
  gtk_shortcut_controller_add_shortcut (
      shortcuts,
      gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                     gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0)),
                        gtk_callback_action_new (remove_key_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->items_list), keys);
}

/**
 * sl_sequence_dialog_new:
 * @parent: the window the dialog belongs to
 * @store: the views and cameras
 * @view_id: a sequence of @store
 *
 * Returns: (transfer none): the dialog, not yet shown; NULL when @view_id is
 *   not a sequence of @store
 */
SlSequenceDialog *
sl_sequence_dialog_new (GtkWindow *parent, SlViewStore *store, gint64 view_id)
{
  const SlViewRecord *view;
  g_autoptr (SlSequence) sequence = NULL;
  g_autoptr (GError) error = NULL;
  SlSequenceDialog *self;

  g_return_val_if_fail (SL_IS_VIEW_STORE (store), NULL);

  view = sl_view_store_lookup_view (store, view_id);
  if (view == NULL || view->kind != SL_VIEW_KIND_SEQUENCE)
    return NULL;
  sequence = sl_sequence_new_from_json (view->definition, &error);

  self = g_object_new (SL_TYPE_SEQUENCE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->view_id = view_id;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), view->name);
  for (guint i = 0; sequence != NULL && i < sl_sequence_get_n_items (sequence); i++)
    g_array_append_val (self->items, *sl_sequence_get_item (sequence, i));
  fill_add_menu (self);
  rebuild_rows (self);
  if (sequence == NULL)
    {
      /* An unreadable definition starts empty, and says why. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  return self;
}

gint64
sl_sequence_dialog_get_view_id (SlSequenceDialog *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_DIALOG (self), 0);

  return self->view_id;
}

const SlSequence *
sl_sequence_dialog_get_sequence (SlSequenceDialog *self)
{
  g_return_val_if_fail (SL_IS_SEQUENCE_DIALOG (self), NULL);

  return self->sequence;
}

gboolean
sl_sequence_dialog_get_valid (SlSequenceDialog *self)
{
  GtkWidget *field;

  g_return_val_if_fail (SL_IS_SEQUENCE_DIALOG (self), FALSE);

  return find_problem (self, &field) == NULL;
}
