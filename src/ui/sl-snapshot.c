// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sl-snapshot.h"

typedef struct
{
  GdkTexture *texture;
  char *folder;
  char *base_name; /* without ".png" */
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->texture);
  g_free (job->folder);
  g_free (job->base_name);
  g_free (job);
}

char *
sl_snapshot_dup_folder (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *folder = g_settings_get_string (settings, "snapshot-folder");
  const char *pictures;

  if (folder[0] != '\0')
    return g_steal_pointer (&folder);
  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (pictures != NULL)
    return g_build_filename (pictures, "Sightline", NULL);
  return g_build_filename (g_get_home_dir (), "Pictures", "Sightline", NULL);
}

/* "Gate 2026-11-21 08.15.02": the camera's name, and the frame's local time
 * without colons, which some file systems and tools refuse. */
static char *
make_base_name (const char *camera_name, gint64 time_us)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) time = g_date_time_add (seconds, time_us % G_USEC_PER_SEC);
  g_autofree char *stamp = g_date_time_format (time, "%Y-%m-%d %H.%M.%S");
  g_autofree char *name = g_strdup (camera_name != NULL && camera_name[0] ? camera_name : "Camera");

  g_strdelimit (name, "/\\:", '-');
  return g_strdup_printf ("%s %s", name, stamp);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr (GBytes) png = gdk_texture_save_to_png_bytes (job->texture);
  g_autoptr (GFile) folder = g_file_new_for_path (job->folder);
  g_autoptr (GError) error = NULL;

  if (!g_file_make_directory_with_parents (folder, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _ ("Cannot create the snapshot folder %s: %s"), job->folder,
                               error->message);
      return;
    }

  /* Never overwrite: a second snapshot within a second gets a number. */
  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.png", job->base_name)
                                     : g_strdup_printf ("%s (%u).png", job->base_name, n);
      g_autoptr (GFile) file = g_file_get_child (folder, name);
      g_autoptr (GFileOutputStream) stream = NULL;

      g_clear_error (&error);
      stream = g_file_create (file, G_FILE_CREATE_NONE, cancellable, &error);
      if (stream == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        continue;
      if (stream == NULL ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (stream), g_bytes_get_data (png, NULL),
                                      g_bytes_get_size (png), NULL, cancellable, &error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
        {
          g_task_return_new_error (task, error->domain, error->code,
                                   _ ("Cannot save the snapshot in %s: %s"), job->folder,
                                   error->message);
          return;
        }
      g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
      return;
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _ ("Cannot save the snapshot in %s: too many files named %s"),
                           job->folder, job->base_name);
}

/**
 * sl_snapshot_save_async:
 * @texture: the picture
 * @camera_name: the camera it comes from, for the file name
 * @time_us: when it was taken, for the file name
 *
 * Saves @texture as a PNG file in the snapshot folder, in a thread.
 */
void
sl_snapshot_save_async (GdkTexture *texture,
                        const char *camera_name,
                        gint64 time_us,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SaveJob *job = g_new0 (SaveJob, 1);

  g_return_if_fail (GDK_IS_TEXTURE (texture));

  job->texture = g_object_ref (texture);
  job->folder = sl_snapshot_dup_folder ();
  job->base_name = make_base_name (camera_name, time_us);
  g_task_set_source_tag (task, sl_snapshot_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify)save_job_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * sl_snapshot_save_finish:
 *
 * Returns: (transfer full): the file written, or %NULL with @error set
 */
GFile *
sl_snapshot_save_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_snapshot_cb (AdwToast *toast, GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
taken_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GtkWidget) widget = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = sl_snapshot_save_finish (result, &error);
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (file == NULL)
    {
      g_message ("%s", error->message);
      toast = adw_toast_new (error->message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *title = g_strdup_printf (_ ("Snapshot saved as “%s”"), name);

      g_debug ("Snapshot saved: %s", g_file_peek_path (file));
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _ ("_Open"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_snapshot_cb),
                             g_object_ref (file), (GClosureNotify)(void (*) (void))g_object_unref,
                             0);
    }
  g_object_set_data_full (G_OBJECT (widget), "sl-last-snapshot", g_steal_pointer (&file),
                          g_object_unref);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/**
 * sl_snapshot_take:
 * @widget: where the picture is shown; the toast goes to its toast overlay
 * @texture: the picture
 * @camera_name: the camera it comes from
 * @time_us: when it was taken
 *
 * Saves a snapshot and says so (or why not) in a toast with an Open button.
 * The file written is then the "sl-last-snapshot" data of @widget.
 */
void
sl_snapshot_take (GtkWidget *widget, GdkTexture *texture, const char *camera_name, gint64 time_us)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  sl_snapshot_save_async (texture, camera_name, time_us, NULL, taken_cb, g_object_ref (widget));
}
