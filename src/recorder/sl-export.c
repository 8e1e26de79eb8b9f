// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-error.h"
#include "sl-export-private.h"

/**
 * SlExport:
 *
 * An export job: ranges of one or more cameras, each remuxed into one file of
 * the output folder (sl-export-remux.c), an optional notes.txt, and the
 * signed manifest (sl-export-manifest.c). The job runs in a GTask thread and
 * reports progress to the main context it was started from, coalesced to one
 * update per iteration; a cancelled or failed job removes what it wrote.
 */

struct _SlExport
{
  GObject parent_instance;

  SlCatalog *catalog;
  SlCredentials *credentials;
  char *output_dir;
  SlExportFormat format;
  char *notes;
  GPtrArray *items; /* SlExportItem */
  gboolean started;

  /* Progress: written by the export's thread, read on the caller's context. */
  GMainContext *context;
  GMutex lock;
  gint64 done_us;
  gint64 total_us;
  gboolean update_queued;
  double fraction; /* main context only */

  /* Results. */
  GPtrArray *written; /* char * names, in the order written */
  GPtrArray *warnings;
  char *fingerprint;
  int n_copied; /* atomic: files written by a copy, not the remux */
};

enum
{
  PROP_0,
  PROP_FRACTION,
  N_PROPS,
};

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlExport, sl_export, G_TYPE_OBJECT)

void
sl_export_item_free (SlExportItem *item)
{
  if (item == NULL)
    return;
  g_free (item->camera_name);
  g_free (item->file_name);
  g_free (item->audio_codec);
  g_free (item->sha256);
  g_free (item);
}

const char *
sl_export_format_to_string (SlExportFormat format)
{
  return format == SL_EXPORT_FORMAT_MP4 ? "mp4" : "mkv";
}

gboolean
sl_export_format_from_string (const char *text, SlExportFormat *format)
{
  if (g_ascii_strcasecmp (text, "mkv") == 0)
    *format = SL_EXPORT_FORMAT_MKV;
  else if (g_ascii_strcasecmp (text, "mp4") == 0)
    *format = SL_EXPORT_FORMAT_MP4;
  else
    return FALSE;
  return TRUE;
}

static char *
compact_utc (gint64 us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return time ? g_date_time_format (time, "%Y%m%dT%H%M%SZ")
              : g_strdup_printf ("%" G_GINT64_FORMAT, us);
}

/**
 * sl_export_file_stem:
 * @camera_name: the camera's name
 * @from_us: start of the range
 * @to_us: end of the range
 *
 * Returns: a file name without extension, such as
 *   "Gate_20261121T100000Z-20261121T100100Z", safe on any file system: the
 *   characters that Windows, macOS or a shell treat specially become '_'.
 */
char *
sl_export_file_stem (const char *camera_name, gint64 from_us, gint64 to_us)
{
  g_autoptr (GString) name = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (camera_name ? camera_name : "camera", -1);
  g_autofree char *from = compact_utc (from_us);
  g_autofree char *to = compact_utc (to_us);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", (int)c) != NULL ||
          (c < 0x80 && g_ascii_isspace ((char)c)))
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  /* No hidden files, and at most 100 characters of name. */
  while (name->len > 0 && name->str[0] == '.')
    g_string_erase (name, 0, 1);
  if (name->len == 0)
    g_string_append (name, "camera");
  if (g_utf8_strlen (name->str, -1) > 100)
    g_string_truncate (name, (gsize)(g_utf8_offset_to_pointer (name->str, 100) - name->str));
  g_string_append_printf (name, "_%s-%s", from, to);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* ---- Progress ------------------------------------------------------------ */

static gboolean
deliver_progress (gpointer user_data)
{
  SlExport *self = user_data;
  gint64 done, total;
  double fraction;

  g_mutex_lock (&self->lock);
  done = self->done_us;
  total = self->total_us;
  self->update_queued = FALSE;
  g_mutex_unlock (&self->lock);

  fraction = total > 0 ? CLAMP ((double)done / (double)total, 0.0, 1.0) : 0.0;
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, done, total);
  return G_SOURCE_REMOVE;
}

/* From the export's thread: at most one update waits in the main context. */
static void
report_progress (SlExport *self, gint64 done_us)
{
  gboolean queue;

  g_mutex_lock (&self->lock);
  self->done_us = MIN (done_us, self->total_us);
  queue = !self->update_queued;
  self->update_queued = TRUE;
  g_mutex_unlock (&self->lock);

  if (queue)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[sightline] export progress");
      g_source_attach (source, self->context);
    }
}

typedef struct
{
  SlExport *export;
  gint64 done_before_us;
  gint64 item_us;
} ItemProgress;

static void
item_progress_cb (gint64 done_us, gpointer user_data)
{
  ItemProgress *progress = user_data;

  report_progress (progress->export, progress->done_before_us + MIN (done_us, progress->item_us));
}

/* ---- The export's thread ------------------------------------------------- */

static void
remove_written (SlExport *self, gboolean created_dir)
{
  for (guint i = 0; i < self->written->len; i++)
    {
      g_autofree char *path = g_build_filename (self->output_dir, self->written->pdata[i], NULL);

      g_unlink (path);
    }
  g_ptr_array_set_size (self->written, 0);
  if (created_dir)
    g_rmdir (self->output_dir);
}

/* The output folder must be new or empty, so that the manifest lists it all. */
static gboolean
prepare_output_dir (SlExport *self, gboolean *created, GError **error)
{
  g_autofree char *display = g_filename_display_name (self->output_dir);
  g_autoptr (GDir) dir = NULL;

  *created = FALSE;
  if (!g_file_test (self->output_dir, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (self->output_dir, 0755) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                       _ ("Cannot create the folder '%s' (%s); choose a folder you can write to."),
                       display, g_strerror (saved_errno));
          return FALSE;
        }
      *created = TRUE;
      return TRUE;
    }

  dir = g_dir_open (self->output_dir, 0, NULL);
  if (dir == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _ ("'%s' is not a folder you can write to; choose another one."), display);
      return FALSE;
    }
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_EXISTS,
                   _ ("The folder '%s' is not empty; choose an empty or new folder, so that the "
                      "export holds only its own files."),
                   display);
      return FALSE;
    }
  return TRUE;
}

static char *
unique_file_name (SlExport *self, const char *stem)
{
  const char *extension = sl_export_format_to_string (self->format);
  char *name = g_strdup_printf ("%s.%s", stem, extension);

  for (guint n = 2; g_ptr_array_find_with_equal_func (self->written, name, g_str_equal, NULL); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u.%s", stem, n, extension);
    }
  return name;
}

static gboolean
export_item (SlExport *self,
             SlExportItem *item,
             gint64 done_before_us,
             GCancellable *cancellable,
             GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->camera_id);
  g_autoptr (SlCameraRecord) camera = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;
  ItemProgress progress = { self, done_before_us, item->to_us - item->from_us };
  SlExportCopyResult copied = SL_EXPORT_COPY_UNSUPPORTED;
  GError *local_error = NULL;

  camera = sl_catalog_find_camera (self->catalog, id, &local_error);
  if (camera != NULL)
    item->camera_name = g_strdup (camera->name);
  else if (g_error_matches (local_error, SL_ERROR, SL_ERROR_NOT_FOUND))
    {
      /* A removed camera keeps its recordings. */
      g_clear_error (&local_error);
      item->camera_name = g_strdup_printf (_ ("Camera %s"), id);
    }
  else
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  stem = sl_export_file_stem (item->camera_name, item->from_us, item->to_us);
  item->file_name = unique_file_name (self, stem);
  path = g_build_filename (self->output_dir, item->file_name, NULL);
  /* Listed first, so that a failure removes a partial file. */
  g_ptr_array_add (self->written, g_strdup (item->file_name));

  /* SL_EXPORT_REMUX_ONLY=1 turns the fast paths off, to compare them. */
  if (g_getenv ("SL_EXPORT_REMUX_ONLY") == NULL)
    copied = (self->format == SL_EXPORT_FORMAT_MP4 ? sl_export_copy_mp4 : sl_export_copy_mkv) (
        self->catalog, item, path, cancellable, item_progress_cb, &progress, error);
  if (copied == SL_EXPORT_COPY_FAILED)
    return FALSE;
  if (copied == SL_EXPORT_COPY_DONE)
    g_atomic_int_inc (&self->n_copied);
  else if (!sl_export_remux (self->catalog, item, path, self->format, cancellable, item_progress_cb,
                             &progress, error))
    return FALSE;

  if (g_strcmp0 (item->audio, "dropped") == 0)
    g_ptr_array_add (
        self->warnings,
        g_strdup_printf (_ ("The audio of '%s' (%s) was left out: %s files cannot hold it. Export "
                            "as MKV to keep it."),
                         item->camera_name, item->audio_codec,
                         self->format == SL_EXPORT_FORMAT_MP4 ? "MP4" : "MKV"));

  if (copied == SL_EXPORT_COPY_DONE)
    return TRUE; /* hashed as written */
  item->sha256 = sl_export_hash_file (path, &item->bytes, cancellable, error);
  return item->sha256 != NULL;
}

static gboolean
write_notes (SlExport *self, char **sha256, gint64 *bytes, GError **error)
{
  g_autofree char *path = g_build_filename (self->output_dir, SL_EXPORT_NOTES_NAME, NULL);
  g_autofree char *text = g_str_has_suffix (self->notes, "\n")
                              ? g_strdup (self->notes)
                              : g_strconcat (self->notes, "\n", NULL);

  g_ptr_array_add (self->written, g_strdup (SL_EXPORT_NOTES_NAME));
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_DURABLE, 0644, error))
    return FALSE;
  *sha256 = sl_export_hash_file (path, bytes, NULL, error);
  return *sha256 != NULL;
}

static void
export_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SlExport *self = source_object;
  SlExportManifestInfo info = { 0 };
  g_autofree char *notes_sha256 = NULL;
  GError *error = NULL;
  gboolean created_dir = FALSE;
  gboolean ok;
  gint64 done_us = 0;

  info.exported_at_us = g_get_real_time ();
  info.format = self->format;
  info.items = self->items;

  ok = prepare_output_dir (self, &created_dir, &error);
  for (guint i = 0; ok && i < self->items->len; i++)
    {
      SlExportItem *item = self->items->pdata[i];

      ok = export_item (self, item, done_us, cancellable, &error);
      done_us += item->to_us - item->from_us;
      if (ok)
        report_progress (self, done_us);
    }

  if (ok && self->notes != NULL && self->notes[0] != '\0')
    {
      ok = write_notes (self, &notes_sha256, &info.notes_bytes, &error);
      info.notes = self->notes;
      info.notes_sha256 = notes_sha256;
    }
  if (ok && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_ptr_array_add (self->written, g_strdup (SL_EXPORT_MANIFEST_NAME));
      g_ptr_array_add (self->written, g_strdup (SL_EXPORT_SIGNATURE_NAME));
      ok = sl_export_write_manifest (self->output_dir, &info, self->credentials, &self->fingerprint,
                                     &error);
      /* Cancelled while the manifest was written: nothing stays. */
      if (ok && g_cancellable_set_error_if_cancelled (cancellable, &error))
        ok = FALSE;
    }
  else
    ok = FALSE;

  if (!ok)
    {
      g_debug ("Export to %s failed: %s", self->output_dir, error->message);
      remove_written (self, created_dir);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- GObject ------------------------------------------------------------- */

static void
sl_export_finalize (GObject *object)
{
  SlExport *self = SL_EXPORT (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->credentials);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->output_dir);
  g_free (self->notes);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->written);
  g_ptr_array_unref (self->warnings);
  g_free (self->fingerprint);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sl_export_parent_class)->finalize (object);
}

static void
sl_export_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlExport *self = SL_EXPORT (object);

  switch (prop_id)
    {
      case PROP_FRACTION:
        g_value_set_double (value, self->fraction);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_export_class_init (SlExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_export_finalize;
  object_class->get_property = sl_export_get_property;

  /**
   * SlExport:fraction:
   *
   * How much of the export is done, from 0 to 1.
   */
  properties[PROP_FRACTION] =
      g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SlExport::progress:
   * @done_us: microseconds of recording exported so far
   * @total_us: microseconds of recording in all ranges
   */
  signals[SIGNAL_PROGRESS] =
      g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
sl_export_init (SlExport *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_export_item_free);
  self->written = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
}

/* ---- Public API ---------------------------------------------------------- */

SlExport *
sl_export_new (SlCatalog *catalog,
               SlCredentials *credentials,
               const char *output_dir,
               SlExportFormat format)
{
  SlExport *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (SL_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (output_dir != NULL, NULL);

  self = g_object_new (SL_TYPE_EXPORT, NULL);
  self->catalog = g_object_ref (catalog);
  self->credentials = g_object_ref (credentials);
  self->output_dir = g_strdup (output_dir);
  self->format = format;
  return self;
}

void
sl_export_add_range (SlExport *self, gint64 camera_id, gint64 from_us, gint64 to_us)
{
  SlExportItem *item;

  g_return_if_fail (SL_IS_EXPORT (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (from_us < to_us);

  item = g_new0 (SlExportItem, 1);
  item->camera_id = camera_id;
  item->from_us = from_us;
  item->to_us = to_us;
  g_ptr_array_add (self->items, item);
}

guint
sl_export_get_n_ranges (SlExport *self)
{
  g_return_val_if_fail (SL_IS_EXPORT (self), 0);
  return self->items->len;
}

void
sl_export_set_notes (SlExport *self, const char *notes)
{
  g_return_if_fail (SL_IS_EXPORT (self));
  g_return_if_fail (!self->started);

  g_free (self->notes);
  self->notes = g_strdup (notes);
}

const char *
sl_export_get_output_dir (SlExport *self)
{
  g_return_val_if_fail (SL_IS_EXPORT (self), NULL);
  return self->output_dir;
}

SlExportFormat
sl_export_get_format (SlExport *self)
{
  g_return_val_if_fail (SL_IS_EXPORT (self), SL_EXPORT_FORMAT_MKV);
  return self->format;
}

void
sl_export_run_async (SlExport *self,
                     GCancellable *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SL_IS_EXPORT (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (self->items->len > 0);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  for (guint i = 0; i < self->items->len; i++)
    {
      const SlExportItem *item = self->items->pdata[i];

      self->total_us += item->to_us - item->from_us;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_export_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  /* The thread's result stands: a cancellation after its last check must
   * not report an export as cancelled while its files stay. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sl_export_run_finish (SlExport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

double
sl_export_get_fraction (SlExport *self)
{
  g_return_val_if_fail (SL_IS_EXPORT (self), 0.0);
  return self->fraction;
}

GStrv
sl_export_dup_files (SlExport *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SL_IS_EXPORT (self), NULL);
  for (guint i = 0; i < self->written->len; i++)
    g_strv_builder_add (builder, self->written->pdata[i]);
  return g_strv_builder_end (builder);
}

/**
 * sl_export_dup_warnings:
 *
 * Returns: (transfer full): sentences about what the export left out, such
 *   as audio that the container cannot hold
 */
GStrv
sl_export_dup_warnings (SlExport *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SL_IS_EXPORT (self), NULL);
  for (guint i = 0; i < self->warnings->len; i++)
    g_strv_builder_add (builder, self->warnings->pdata[i]);
  return g_strv_builder_end (builder);
}

/**
 * sl_export_get_n_copied:
 *
 * Returns: how many media files were written by copying from the segment
 *   files (the fast paths of MKV and MP4 exports) rather than by remuxing
 */
guint
sl_export_get_n_copied (SlExport *self)
{
  g_return_val_if_fail (SL_IS_EXPORT (self), 0);
  return (guint)g_atomic_int_get (&self->n_copied);
}

const char *
sl_export_get_fingerprint (SlExport *self)
{
  g_return_val_if_fail (SL_IS_EXPORT (self), NULL);
  return self->fingerprint;
}

/* ---- Verification in a thread -------------------------------------------- */

typedef struct
{
  GPtrArray *problems;
  char *fingerprint;
} VerifyResult;

static void
verify_result_free (gpointer data)
{
  VerifyResult *result = data;

  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result->fingerprint);
  g_free (result);
}

static void
verify_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  VerifyResult *result = g_new0 (VerifyResult, 1);
  GError *error = NULL;

  result->problems = sl_export_verify (task_data, &result->fingerprint, cancellable, &error);
  if (result->problems == NULL)
    {
      verify_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, verify_result_free);
}

void
sl_export_verify_async (const char *dir,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (dir != NULL);

  g_task_set_source_tag (task, sl_export_verify_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, verify_thread);
}

GPtrArray *
sl_export_verify_finish (GAsyncResult *result, char **fingerprint, GError **error)
{
  VerifyResult *verified;
  GPtrArray *problems;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  verified = g_task_propagate_pointer (G_TASK (result), error);
  if (verified == NULL)
    return NULL;
  problems = g_steal_pointer (&verified->problems);
  if (fingerprint != NULL)
    *fingerprint = g_steal_pointer (&verified->fingerprint);
  verify_result_free (verified);
  return problems;
}
