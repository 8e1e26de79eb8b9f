// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-bookmark-dialog.h"

struct _SlBookmarkDialog
{
  AdwWindow parent_instance;

  /* Template children */
  AdwComboRow *camera_row;
  GtkStringList *camera_names;
  AdwEntryRow *time_row;
  GtkSpinButton *before_spin;
  GtkSpinButton *after_spin;
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  GtkSwitch *lock_switch;
  GtkLabel *error_label;

  /* Owned */
  SlCatalog *catalog;
  GCancellable *cancellable;
  GArray *camera_ids; /* gint64, in the order of camera_names */
  gint64 wanted_camera_id;
  SlBookmark *editing; /* NULL when adding */
  /* What the fields showed at first: unchanged, they keep the exact times
   * (the fields show whole seconds). */
  char *initial_time_text;
  gint64 initial_time_us;
  double initial_after;
  gboolean cameras_loaded;
  gboolean saving;
};

enum
{
  SIGNAL_SAVED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlBookmarkDialog, sl_bookmark_dialog, ADW_TYPE_WINDOW)

/* ---- Times ----------------------------------------------------------------- */

char *
sl_bookmark_format_time (gint64 time_us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

gboolean
sl_bookmark_parse_time (const char *text, gint64 *time_us)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *iso = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *space = strchr (iso, ' ');

  if (iso[0] == '\0')
    return FALSE;
  if (space != NULL)
    *space = 'T';
  if (strchr (iso, 'T') == NULL)
    {
      char *with_time = g_strconcat (iso, "T00:00:00", NULL);

      g_free (iso);
      iso = with_time;
    }
  time = g_date_time_new_from_iso8601 (iso, local);
  if (time == NULL)
    return FALSE;
  *time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

/* ---- Input ----------------------------------------------------------------- */

static void
show_error (SlBookmarkDialog *self, GtkWidget *field, const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (field != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
}

static void
clear_errors (SlBookmarkDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
field_changed_cb (SlBookmarkDialog *self)
{
  clear_errors (self);
}

static void
update_save_enabled (SlBookmarkDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bookmark.save",
                                 self->cameras_loaded && !self->saving);
}

static void
cameras_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlBookmarkDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) cameras =
      sl_catalog_list_cameras_finish (SL_CATALOG (source), result, &error);
  guint selected = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (cameras == NULL)
    {
      show_error (self, NULL, error->message);
      return;
    }
  for (guint i = 0; i < cameras->len; i++)
    {
      SlCameraRecord *camera = cameras->pdata[i];

      gtk_string_list_append (self->camera_names, camera->name);
      g_array_append_val (self->camera_ids, camera->id);
      if (camera->id == self->wanted_camera_id)
        selected = i;
    }
  adw_combo_row_set_selected (self->camera_row, selected);
  self->cameras_loaded = TRUE;
  update_save_enabled (self);
  if (cameras->len == 0)
    show_error (self, NULL, _ ("There is no camera to bookmark yet: add a camera first."));
}

/* ---- Saving ---------------------------------------------------------------- */

static void
saved (SlBookmarkDialog *self, gint64 bookmark_id, GError *error)
{
  self->saving = FALSE;
  update_save_enabled (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      show_error (self, NULL, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, bookmark_id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
added_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlBookmarkDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 id = sl_catalog_add_bookmark_finish (SL_CATALOG (source), result, &error);

  saved (self, id, error);
}

static void
updated_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SlBookmarkDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  sl_catalog_update_bookmark_finish (SL_CATALOG (source), result, &error);
  saved (self, self->editing->id, error);
}

static void
save_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SlBookmarkDialog *self = SL_BOOKMARK_DIALOG (widget);
  g_autofree char *name =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *time_text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  guint selected = adw_combo_row_get_selected (self->camera_row);
  double before = gtk_spin_button_get_value (self->before_spin);
  double after = gtk_spin_button_get_value (self->after_spin);
  SlBookmark bookmark = { 0 };
  gint64 time_us;

  if (self->saving || !self->cameras_loaded)
    return;
  clear_errors (self);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->camera_ids->len)
    {
      show_error (self, NULL, _ ("There is no camera to bookmark yet: add a camera first."));
      return;
    }
  if (g_strcmp0 (time_text, self->initial_time_text) == 0)
    time_us = self->initial_time_us;
  else if (!sl_bookmark_parse_time (time_text, &time_us))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("“%s” is not a time: write it as 2026-11-21 10:00:00 (local time)."), time_text);

      show_error (self, GTK_WIDGET (self->time_row), message);
      return;
    }
  if (name[0] == '\0')
    {
      show_error (self, GTK_WIDGET (self->name_row), _ ("Give the bookmark a name."));
      return;
    }

  bookmark.camera_id = g_array_index (self->camera_ids, gint64, selected);
  bookmark.start_us = time_us - (gint64)(before * G_USEC_PER_SEC);
  if (self->editing != NULL && before == 0 && time_us == self->initial_time_us &&
      after == self->initial_after)
    bookmark.end_us = self->editing->end_us;
  else
    bookmark.end_us = time_us + (gint64)(after * G_USEC_PER_SEC);
  bookmark.name = name;
  bookmark.description = (char *)gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  bookmark.locked = gtk_switch_get_active (self->lock_switch);

  self->saving = TRUE;
  update_save_enabled (self);
  if (self->editing != NULL)
    {
      bookmark.id = self->editing->id;
      sl_catalog_update_bookmark_async (self->catalog, &bookmark, self->cancellable, updated_cb,
                                        g_object_ref (self));
    }
  else
    sl_catalog_add_bookmark_async (self->catalog, &bookmark, self->cancellable, added_cb,
                                   g_object_ref (self));
}

/* ---- GObject --------------------------------------------------------------- */

static void
sl_bookmark_dialog_dispose (GObject *object)
{
  SlBookmarkDialog *self = SL_BOOKMARK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_BOOKMARK_DIALOG);

  G_OBJECT_CLASS (sl_bookmark_dialog_parent_class)->dispose (object);
}

static void
sl_bookmark_dialog_finalize (GObject *object)
{
  SlBookmarkDialog *self = SL_BOOKMARK_DIALOG (object);

  g_array_unref (self->camera_ids);
  g_clear_pointer (&self->editing, sl_bookmark_free);
  g_free (self->initial_time_text);

  G_OBJECT_CLASS (sl_bookmark_dialog_parent_class)->finalize (object);
}

static void
sl_bookmark_dialog_class_init (SlBookmarkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_bookmark_dialog_dispose;
  object_class->finalize = sl_bookmark_dialog_finalize;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/bookmark-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, camera_row);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, camera_names);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, before_spin);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, after_spin);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, lock_switch);
  gtk_widget_class_bind_template_child (widget_class, SlBookmarkDialog, error_label);

  gtk_widget_class_install_action (widget_class, "bookmark.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_bookmark_dialog_init (SlBookmarkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->camera_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect_swapped (self->time_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (field_changed_cb), self);
  update_save_enabled (self);
}

static SlBookmarkDialog *
dialog_new (GtkWindow *parent, SlCatalog *catalog, gint64 camera_id, gint64 time_us)
{
  SlBookmarkDialog *self = g_object_new (SL_TYPE_BOOKMARK_DIALOG, "transient-for", parent, NULL);

  self->catalog = g_object_ref (catalog);
  self->wanted_camera_id = camera_id;
  self->initial_time_us = time_us;
  self->initial_time_text = sl_bookmark_format_time (time_us);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), self->initial_time_text);
  sl_catalog_list_cameras_async (catalog, self->cancellable, cameras_listed_cb,
                                 g_object_ref (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

SlBookmarkDialog *
sl_bookmark_dialog_new_add (GtkWindow *parent, SlCatalog *catalog, gint64 camera_id, gint64 time_us)
{
  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);

  return dialog_new (parent, catalog, camera_id, time_us > 0 ? time_us : g_get_real_time ());
}

SlBookmarkDialog *
sl_bookmark_dialog_new_edit (GtkWindow *parent, SlCatalog *catalog, const SlBookmark *bookmark)
{
  SlBookmarkDialog *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (bookmark != NULL, NULL);

  self = dialog_new (parent, catalog, bookmark->camera_id, bookmark->start_us);
  self->editing = sl_bookmark_copy (bookmark);
  gtk_window_set_title (GTK_WINDOW (self), _ ("Edit Bookmark"));
  self->initial_after = (double)((bookmark->end_us - bookmark->start_us) / G_USEC_PER_SEC);
  gtk_spin_button_set_value (self->after_spin, self->initial_after);
  self->initial_after = gtk_spin_button_get_value (self->after_spin);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), bookmark->name ? bookmark->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         bookmark->description ? bookmark->description : "");
  gtk_switch_set_active (self->lock_switch, bookmark->locked);
  return self;
}
