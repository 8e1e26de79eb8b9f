// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-bookmark-dialog.h"
#include "sl-bookmark-list.h"

/* The most bookmarks one search shows; narrowing the search shows others. */
#define MAX_SHOWN 1000

/* ---- One row's item -------------------------------------------------------- */

#define SL_TYPE_BOOKMARK_ITEM (sl_bookmark_item_get_type ())
G_DECLARE_FINAL_TYPE (SlBookmarkItem, sl_bookmark_item, SL, BOOKMARK_ITEM, GObject)

struct _SlBookmarkItem
{
  GObject parent_instance;

  SlBookmark *bookmark;
  char *camera_name;
};

G_DEFINE_FINAL_TYPE (SlBookmarkItem, sl_bookmark_item, G_TYPE_OBJECT)

static void
sl_bookmark_item_finalize (GObject *object)
{
  SlBookmarkItem *self = SL_BOOKMARK_ITEM (object);

  sl_bookmark_free (self->bookmark);
  g_free (self->camera_name);

  G_OBJECT_CLASS (sl_bookmark_item_parent_class)->finalize (object);
}

static void
sl_bookmark_item_class_init (SlBookmarkItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_bookmark_item_finalize;
}

static void
sl_bookmark_item_init (SlBookmarkItem *self)
{
}

static SlBookmarkItem *
sl_bookmark_item_new (SlBookmark *bookmark, const char *camera_name)
{
  SlBookmarkItem *self = g_object_new (SL_TYPE_BOOKMARK_ITEM, NULL);

  self->bookmark = bookmark;
  self->camera_name = g_strdup (camera_name);
  return self;
}

/* ---- The list -------------------------------------------------------------- */

struct _SlBookmarkList
{
  AdwBin parent_instance;

  /* Template children */
  GtkSearchEntry *search_entry;
  GtkEntry *from_entry;
  GtkEntry *to_entry;
  GtkLabel *error_label;
  GtkStack *stack;
  GtkListView *list_view;
  AdwStatusPage *empty_page;

  /* Borrowed */
  GtkWindow *window; /* our root, while rooted */

  /* Owned */
  SlCatalog *catalog;
  GListStore *bookmarks; /* SlBookmarkItem */
  GtkSingleSelection *selection;
  GCancellable *reload_cancellable;
  GCancellable *cancellable; /* everything else; cancelled in dispose */
  GHashTable *camera_names;  /* gint64 id -> name, during a reload */
  SlBookmarkQuery *query;    /* of the reload under way */
};

enum
{
  PROP_0,
  PROP_CATALOG,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_JUMP,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlBookmarkList, sl_bookmark_list, ADW_TYPE_BIN)

static void
show_error (SlBookmarkList *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static SlBookmarkItem *
find_item (SlBookmarkList *self, gint64 bookmark_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->bookmarks));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (SlBookmarkItem) item = g_list_model_get_item (G_LIST_MODEL (self->bookmarks), i);

      if (item->bookmark->id == bookmark_id)
        return item; /* the store keeps it alive */
    }
  return NULL;
}

/* ---- Loading --------------------------------------------------------------- */

static void
bookmarks_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlBookmarkList *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found =
      sl_catalog_list_bookmarks_finish (SL_CATALOG (source), result, &error);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean filtered;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  filtered = (self->query->text != NULL && self->query->text[0] != '\0') ||
             self->query->from_us != 0 || self->query->to_us != 0;
  g_clear_pointer (&self->query, sl_bookmark_query_free);
  if (found == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      SlBookmark *bookmark = g_steal_pointer (&found->pdata[i]);
      const char *name = g_hash_table_lookup (self->camera_names, &bookmark->camera_id);

      g_ptr_array_add (items, sl_bookmark_item_new (bookmark, name ? name : _ ("Removed camera")));
    }
  g_list_store_splice (self->bookmarks, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->bookmarks)), items->pdata,
                       items->len);
  adw_status_page_set_title (self->empty_page,
                             filtered ? _ ("No Matching Bookmarks") : _ ("No Bookmarks"));
  adw_status_page_set_description (self->empty_page,
                                   filtered ? _ ("Try other words or another time range.")
                                            : _ ("Add bookmarks from live view or the timeline."));
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
cameras_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlBookmarkList *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras =
      sl_catalog_list_cameras_finish (SL_CATALOG (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove_all (self->camera_names);
  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      SlCameraRecord *camera = cameras->pdata[i];
      gint64 *id = g_new (gint64, 1);

      *id = camera->id;
      g_hash_table_insert (self->camera_names, id, g_strdup (camera->name));
    }
  sl_catalog_list_bookmarks_async (self->catalog, self->query, self->reload_cancellable,
                                   bookmarks_listed_cb, self);
}

/* Reads a time filter entry: empty is no bound; a bad time marks the entry. */
static gboolean
read_time_entry (GtkEntry *entry, gint64 *time_us)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  *time_us = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  if (text[0] == '\0' || sl_bookmark_parse_time (text, time_us))
    return TRUE;
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return FALSE;
}

void
sl_bookmark_list_reload (SlBookmarkList *self)
{
  SlBookmarkQuery query = { .limit = MAX_SHOWN, .newest_first = TRUE };
  gboolean from_ok, to_ok;

  g_return_if_fail (SL_IS_BOOKMARK_LIST (self));

  if (self->catalog == NULL)
    return;
  from_ok = read_time_entry (self->from_entry, &query.from_us);
  to_ok = read_time_entry (self->to_entry, &query.to_us);
  if (!from_ok || !to_ok)
    {
      show_error (self, _ ("Write times as 2026-11-21 10:00 (local time)."));
      return;
    }
  if (query.from_us != 0 && query.to_us != 0 && query.from_us >= query.to_us)
    {
      show_error (self, _ ("The time range ends before it starts."));
      return;
    }
  show_error (self, NULL);
  query.text = (char *)gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->query, sl_bookmark_query_free);
  self->query = sl_bookmark_query_copy (&query);
  sl_catalog_list_cameras_async (self->catalog, self->reload_cancellable, cameras_listed_cb, self);
}

guint
sl_bookmark_list_get_n_shown (SlBookmarkList *self)
{
  g_return_val_if_fail (SL_IS_BOOKMARK_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->bookmarks));
}

/* ---- Rows ------------------------------------------------------------------ */

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *menu = gtk_menu_button_new ();

  gtk_widget_set_tooltip_text (lock, _ ("Prevents deletion"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (lock), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Prevents deletion"), -1);
  gtk_widget_set_size_request (lock, 16, -1);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_set_tooltip_text (menu, _ ("Bookmark Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Bookmark Menu"), -1);
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), details);
  gtk_box_append (GTK_BOX (row), lock);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), menu);
  g_object_set_data (G_OBJECT (row), "lock", lock);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "details", details);
  g_object_set_data (G_OBJECT (row), "menu", menu);
  gtk_list_item_set_child (list_item, row);
}

/* A bookmark of one moment exports this much around it. */
#define MOMENT_EXPORT_US (30 * G_USEC_PER_SEC)

static GMenuModel *
row_menu_new (const SlBookmark *bookmark)
{
  gint64 bookmark_id = bookmark->id;
  gint64 from_us = bookmark->start_us, to_us = bookmark->end_us;
  GMenu *menu = g_menu_new ();
  g_autoptr (GMenuItem) edit = g_menu_item_new (_ ("_Edit…"), NULL);
  g_autoptr (GMenuItem) export = g_menu_item_new (_ ("E_xport…"), NULL);
  g_autoptr (GMenuItem) delete = g_menu_item_new (_ ("_Delete…"), NULL);

  if (to_us <= from_us)
    {
      from_us -= MOMENT_EXPORT_US;
      to_us += MOMENT_EXPORT_US;
    }
  /* app.export-range: the export dialog with this range in its list. */
  g_menu_item_set_action_and_target_value (
      export, "app.export-range", g_variant_new ("(xxx)", bookmark->camera_id, from_us, to_us));

  g_menu_item_set_action_and_target_value (edit, "bookmarks.edit",
                                           g_variant_new_int64 (bookmark_id));
  g_menu_item_set_action_and_target_value (delete, "bookmarks.delete",
                                           g_variant_new_int64 (bookmark_id));
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, export);
  g_menu_append_item (menu, delete);
  return G_MENU_MODEL (menu);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  SlBookmarkItem *item = gtk_list_item_get_item (list_item);
  const SlBookmark *bookmark = item->bookmark;
  GtkWidget *row = gtk_list_item_get_child (list_item);
  g_autofree char *time = sl_bookmark_format_time (bookmark->start_us);
  g_autofree char *details = NULL;
  g_autoptr (GMenuModel) menu = row_menu_new (bookmark);
  gint64 seconds = (bookmark->end_us - bookmark->start_us) / G_USEC_PER_SEC;

  if (seconds > 0)
    /* Translators: camera name, start time, and the bookmark's length */
    details =
        g_strdup_printf (_ ("%s · %s · %" G_GINT64_FORMAT " s"), item->camera_name, time, seconds);
  else
    details = g_strdup_printf ("%s · %s", item->camera_name, time);

  /* Hidden by opacity, so that the names stay aligned. */
  gtk_widget_set_opacity (g_object_get_data (G_OBJECT (row), "lock"), bookmark->locked ? 1 : 0);
  gtk_accessible_update_state (g_object_get_data (G_OBJECT (row), "lock"),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !bookmark->locked, -1);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "name"), bookmark->name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "details"), details);
  gtk_widget_set_tooltip_text (row,
                               bookmark->description[0] != '\0' ? bookmark->description : NULL);
  gtk_menu_button_set_menu_model (g_object_get_data (G_OBJECT (row), "menu"), menu);
}

static void
activate_cb (GtkListView *list_view, guint position, gpointer user_data)
{
  SlBookmarkList *self = user_data;
  g_autoptr (SlBookmarkItem) item =
      g_list_model_get_item (G_LIST_MODEL (self->bookmarks), position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_JUMP], 0, item->bookmark->camera_id,
                   item->bookmark->start_us);
}

/* ---- Edit and delete ------------------------------------------------------- */

static void
dialog_saved_cb (SlBookmarkDialog *dialog, gint64 bookmark_id, gpointer user_data)
{
  sl_bookmark_list_reload (user_data);
}

static void
edit (SlBookmarkList *self, SlBookmarkItem *item)
{
  SlBookmarkDialog *dialog;

  if (item == NULL)
    return;
  dialog = sl_bookmark_dialog_new_edit (self->window, self->catalog, item->bookmark);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
removed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlBookmarkList *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sl_catalog_remove_bookmark_finish (SL_CATALOG (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
    }
  sl_bookmark_list_reload (self);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  SlBookmarkList *self = user_data;
  gint64 bookmark_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "bookmark-id"));

  if (g_strcmp0 (response, "delete") == 0)
    sl_catalog_remove_bookmark_async (self->catalog, bookmark_id, self->cancellable, removed_cb,
                                      self);
}

static void
ask_delete (SlBookmarkList *self, SlBookmarkItem *item)
{
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (item == NULL)
    return;
  heading = g_strdup_printf (_ ("Delete Bookmark “%s”?"), item->bookmark->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      self->window, heading,
      item->bookmark->locked
          ? _ ("Its recordings will no longer be kept from deletion: retention may delete them.")
          : _ ("The recordings stay; only the bookmark goes.")));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete",
                                    _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* Bookmark ids fit a pointer on the 64-bit systems this runs on; on a
   * 32-bit one they would need to stay below 2^31. */
  g_object_set_data (G_OBJECT (dialog), "bookmark-id", GSIZE_TO_POINTER (item->bookmark->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static SlBookmarkItem *
selected_item (SlBookmarkList *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
edit_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (widget);

  edit (self, parameter != NULL ? find_item (self, g_variant_get_int64 (parameter))
                                : selected_item (self));
}

static void
delete_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (widget);

  ask_delete (self, parameter != NULL ? find_item (self, g_variant_get_int64 (parameter))
                                      : selected_item (self));
}

/* ---- Reloading ------------------------------------------------------------- */

static void
filter_changed_cb (SlBookmarkList *self)
{
  sl_bookmark_list_reload (self);
}

static void
window_active_cb (GtkWindow *window, GParamSpec *pspec, SlBookmarkList *self)
{
  if (gtk_window_is_active (window))
    sl_bookmark_list_reload (self);
}

static void
sl_bookmark_list_root (GtkWidget *widget)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (sl_bookmark_list_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::is-active", G_CALLBACK (window_active_cb), self, 0);
    }
}

static void
sl_bookmark_list_unroot (GtkWidget *widget)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (widget);

  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, window_active_cb, self);
  self->window = NULL;
  GTK_WIDGET_CLASS (sl_bookmark_list_parent_class)->unroot (widget);
}

/* ---- GObject --------------------------------------------------------------- */

static void
sl_bookmark_list_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (object);

  switch (prop_id)
    {
      case PROP_CATALOG:
        g_set_object (&self->catalog, g_value_get_object (value));
        sl_bookmark_list_reload (self);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_bookmark_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (object);

  switch (prop_id)
    {
      case PROP_CATALOG:
        g_value_set_object (value, self->catalog);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_bookmark_list_dispose (GObject *object)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (object);

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_BOOKMARK_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->bookmarks);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_bookmark_list_parent_class)->dispose (object);
}

static void
sl_bookmark_list_finalize (GObject *object)
{
  SlBookmarkList *self = SL_BOOKMARK_LIST (object);

  g_hash_table_unref (self->camera_names);
  g_clear_pointer (&self->query, sl_bookmark_query_free);

  G_OBJECT_CLASS (sl_bookmark_list_parent_class)->finalize (object);
}

static void
sl_bookmark_list_class_init (SlBookmarkListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = sl_bookmark_list_set_property;
  object_class->get_property = sl_bookmark_list_get_property;
  object_class->dispose = sl_bookmark_list_dispose;
  object_class->finalize = sl_bookmark_list_finalize;
  widget_class->root = sl_bookmark_list_root;
  widget_class->unroot = sl_bookmark_list_unroot;

  properties[PROP_CATALOG] =
      g_param_spec_object ("catalog", NULL, NULL, SL_TYPE_CATALOG,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_JUMP] =
      g_signal_new ("jump", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/bookmark-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, stack);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, list_view);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkList, empty_page);

  gtk_widget_class_install_action (widget_class, "bookmarks.edit", "x", edit_activated);
  gtk_widget_class_install_action (widget_class, "bookmarks.delete", "x", delete_activated);
  gtk_widget_class_install_action (widget_class, "bookmarks.edit-selected", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "bookmarks.delete-selected", NULL,
                                   delete_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "bookmarks.delete-selected",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "bookmarks.edit-selected", NULL);
}

static void
sl_bookmark_list_init (SlBookmarkList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->camera_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->bookmarks = g_list_store_new (SL_TYPE_BOOKMARK_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->bookmarks)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (activate_cb), self);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb),
                            self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (filter_changed_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
sl_bookmark_list_new (SlCatalog *catalog)
{
  return g_object_new (SL_TYPE_BOOKMARK_LIST, "catalog", catalog, NULL);
}
