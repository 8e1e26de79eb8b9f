// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog-private.h"
#include "sl-error.h"

/* SlCatalog: the object, its worker thread and the job mechanism that the
 * operations in the other sl-catalog-*.c files use.
 *
 * The SQLite connection lives on one dedicated thread that takes jobs from a
 * GAsyncQueue in order. A blocking call queues a job on its stack and waits
 * on a condition variable; an asynchronous one queues a heap job that
 * completes a GTask, which calls back in the caller's main context. */

typedef enum
{
  JOB_RUN,
  JOB_OPEN,
  JOB_QUIT,
} JobKind;

typedef struct
{
  JobKind kind;
  SlCatalogJobFunc func;
  gpointer args; /* JOB_OPEN: the path */
  GDestroyNotify args_free;

  /* Asynchronous jobs: completed through the task, freed by the worker. */
  GTask *task;

  /* Blocking jobs: on the caller's stack, freed by the caller. */
  GMutex mutex;
  GCond cond;
  gboolean done;
  gboolean ok;
  SlCatalogValue value;
  GError *error;
} Job;

struct _SlCatalog
{
  GObject parent_instance;

  char *path;
  GAsyncQueue *jobs; /* Job */
  GThread *thread;
};

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlCatalog, sl_catalog, G_TYPE_OBJECT)

static void
value_clear (SlCatalogValue *value)
{
  if (value->pointer && value->pointer_free)
    value->pointer_free (value->pointer);
  value->pointer = NULL;
  value->pointer_free = NULL;
}

static void
value_free (SlCatalogValue *value)
{
  value_clear (value);
  g_free (value);
}

/* Hands the pointer of a job's value to @pointer (or frees it when @pointer
 * is NULL) and its number to @number (when not NULL). */
static void
value_hand_out (SlCatalogValue *value, gpointer *pointer, gint64 *number)
{
  if (pointer != NULL)
    *pointer = g_steal_pointer (&value->pointer);
  if (number != NULL)
    *number = value->number;
  value_clear (value);
}

static void
job_free (Job *job)
{
  if (job->args && job->args_free)
    job->args_free (job->args);
  g_clear_object (&job->task);
  g_free (job);
}

/* Runs one job on the worker thread. */
static gboolean
job_execute (Job *job, sqlite3 **db, SlCatalogValue *value, GError **error)
{
  if (job->kind == JOB_OPEN)
    {
      if (*db != NULL)
        {
          g_set_error_literal (error, SL_ERROR, SL_ERROR_CATALOG,
                               _ ("The catalog is already open."));
          return FALSE;
        }
      *db = sl_catalog_schema_open (job->args, error);
      return *db != NULL;
    }

  if (*db == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_CATALOG,
                           _ ("The catalog could not be opened; restart Sightline."));
      return FALSE;
    }

  return job->func (*db, job->args, value, error);
}

static void
job_complete_async (Job *job, gboolean ok, SlCatalogValue *value, GError *error)
{
  if (!ok)
    {
      g_task_return_error (job->task, error);
      return;
    }

  if (job->kind == JOB_OPEN)
    {
      /* The task data is the catalog being opened. */
      g_task_return_pointer (job->task, g_object_ref (g_task_get_task_data (job->task)),
                             g_object_unref);
      return;
    }

  g_task_return_pointer (job->task, g_memdup2 (value, sizeof *value), (GDestroyNotify)value_free);
}

static gpointer
worker_main (gpointer data)
{
  g_autoptr (GAsyncQueue) jobs = data;
  sqlite3 *db = NULL;

  for (;;)
    {
      Job *job = g_async_queue_pop (jobs);
      SlCatalogValue value = {
        NULL,
      };
      GError *error = NULL;
      gboolean ok;

      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }

      if (job->task != NULL)
        {
          /* A cancelled job that has not started does not run at all. */
          if (!g_task_return_error_if_cancelled (job->task))
            {
              ok = job_execute (job, &db, &value, &error);
              job_complete_async (job, ok, &value, error);
            }
          /* The task may hold the last reference to the catalog, so this can
           * dispose it here, on the worker: dispose does not join then. */
          job_free (job);
          continue;
        }

      ok = job_execute (job, &db, &value, &error);
      g_mutex_lock (&job->mutex);
      job->ok = ok;
      job->value = value;
      job->error = error;
      job->done = TRUE;
      g_cond_signal (&job->cond);
      /* After this the caller may return and the job is gone. */
      g_mutex_unlock (&job->mutex);
    }

  if (db != NULL && sqlite3_close (db) != SQLITE_OK)
    g_critical ("Closing the catalog failed: %s (a statement was not finalized)",
                sqlite3_errmsg (db));
  return NULL;
}

/* Queues a blocking job and waits for the worker to finish it. */
static gboolean
run_blocking (SlCatalog *self,
              JobKind kind,
              SlCatalogJobFunc func,
              gpointer args,
              SlCatalogValue *value,
              GError **error)
{
  Job job = {
    kind,
    func,
    args,
  };

  g_return_val_if_fail (self->thread != NULL, FALSE);
  /* Waiting for oneself would never end. */
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  g_mutex_init (&job.mutex);
  g_cond_init (&job.cond);

  g_async_queue_push (self->jobs, &job);

  g_mutex_lock (&job.mutex);
  while (!job.done)
    g_cond_wait (&job.cond, &job.mutex);
  g_mutex_unlock (&job.mutex);

  g_mutex_clear (&job.mutex);
  g_cond_clear (&job.cond);

  if (!job.ok)
    {
      g_propagate_error (error, job.error);
      value_clear (&job.value);
      return FALSE;
    }

  *value = job.value;
  return TRUE;
}

static void
sl_catalog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlCatalog *self = SL_CATALOG (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_catalog_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlCatalog *self = SL_CATALOG (object);

  switch (prop_id)
    {
      case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_catalog_dispose (GObject *object)
{
  SlCatalog *self = SL_CATALOG (object);

  if (self->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      /* Jobs queued before this one still run; then the worker closes the
       * database. Asynchronous jobs hold a reference to the catalog, so only
       * the worker itself can get here with jobs in flight: it finishes the
       * current job, takes the quit job and ends on its own. */
      quit->kind = JOB_QUIT;
      g_async_queue_push (self->jobs, quit);
      if (g_thread_self () == self->thread)
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (sl_catalog_parent_class)->dispose (object);
}

static void
sl_catalog_finalize (GObject *object)
{
  SlCatalog *self = SL_CATALOG (object);

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_free (self->path);

  G_OBJECT_CLASS (sl_catalog_parent_class)->finalize (object);
}

static void
sl_catalog_class_init (SlCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_catalog_get_property;
  object_class->set_property = sl_catalog_set_property;
  object_class->dispose = sl_catalog_dispose;
  object_class->finalize = sl_catalog_finalize;

  properties[PROP_PATH] =
      g_param_spec_string ("path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_catalog_init (SlCatalog *self)
{
  self->jobs = g_async_queue_new ();
  self->thread = g_thread_new ("sl-catalog", worker_main, g_async_queue_ref (self->jobs));
}

/* ---- The job mechanism --------------------------------------------------- */

/* Runs an operation's job for a blocking call, then frees @args. On success
 * the value goes to @pointer and @number as in value_hand_out(); on error
 * they stay as they are. */
static gboolean
run_job (SlCatalog *self,
         SlCatalogJobFunc func,
         gpointer args,
         GDestroyNotify args_free,
         gpointer *pointer,
         gint64 *number,
         GError **error)
{
  SlCatalogValue value = {
    NULL,
  };
  gboolean ok = run_blocking (self, JOB_RUN, func, args, &value, error);

  if (args && args_free)
    args_free (args);
  if (!ok)
    return FALSE;
  value_hand_out (&value, pointer, number);
  return TRUE;
}

gpointer
sl_catalog_run_pointer (
    SlCatalog *self, SlCatalogJobFunc func, gpointer args, GDestroyNotify args_free, GError **error)
{
  gpointer pointer = NULL;

  run_job (self, func, args, args_free, &pointer, NULL, error);
  return pointer;
}

gboolean
sl_catalog_run_boolean (
    SlCatalog *self, SlCatalogJobFunc func, gpointer args, GDestroyNotify args_free, GError **error)
{
  return run_job (self, func, args, args_free, NULL, NULL, error);
}

gint64
sl_catalog_run_int64 (
    SlCatalog *self, SlCatalogJobFunc func, gpointer args, GDestroyNotify args_free, GError **error)
{
  gint64 number = 0;

  run_job (self, func, args, args_free, NULL, &number, error);
  return number;
}

static void
queue_async (SlCatalog *self,
             JobKind kind,
             SlCatalogJobFunc func,
             gpointer args,
             GDestroyNotify args_free,
             GTask *task)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->func = func;
  job->args = args;
  job->args_free = args_free;
  job->task = task;
  g_async_queue_push (self->jobs, job);
}

void
sl_catalog_run_async (SlCatalog *self,
                      SlCatalogJobFunc func,
                      gpointer args,
                      GDestroyNotify args_free,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data,
                      gpointer source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  queue_async (self, JOB_RUN, func, args, args_free, task);
}

/* Completes an operation's _finish function: the value goes to @pointer and
 * @number as in value_hand_out(); on error they stay as they are. */
static gboolean
finish_job (SlCatalog *self,
            GAsyncResult *result,
            gpointer source_tag,
            gpointer *pointer,
            gint64 *number,
            GError **error)
{
  SlCatalogValue *value;

  g_return_val_if_fail (SL_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;
  value_hand_out (value, pointer, number);
  g_free (value);
  return TRUE;
}

gpointer
sl_catalog_finish_pointer (SlCatalog *self,
                           GAsyncResult *result,
                           gpointer source_tag,
                           GError **error)
{
  gpointer pointer = NULL;

  finish_job (self, result, source_tag, &pointer, NULL, error);
  return pointer;
}

gboolean
sl_catalog_finish_boolean (SlCatalog *self,
                           GAsyncResult *result,
                           gpointer source_tag,
                           GError **error)
{
  return finish_job (self, result, source_tag, NULL, NULL, error);
}

gint64
sl_catalog_finish_int64 (SlCatalog *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  gint64 number = 0;

  finish_job (self, result, source_tag, NULL, &number, error);
  return number;
}

gint64 *
sl_catalog_box_int64 (gint64 number)
{
  return g_memdup2 (&number, sizeof number);
}

gboolean
sl_catalog_value_take_rows (SlCatalogValue *value, GPtrArray *rows)
{
  if (rows == NULL)
    return FALSE;
  value->pointer = rows;
  value->pointer_free = (GDestroyNotify)g_ptr_array_unref;
  return TRUE;
}

/* ---- Public API -------------------------------------------------------- */

/**
 * sl_catalog_open:
 * @path: the catalog file; its folder must exist
 * @error: return location for an error (%SL_ERROR_CATALOG)
 *
 * Opens the catalog at @path, creating it if needed and migrating its
 * schema forward. Blocks: for the command line and for the start-up code
 * before the main loop runs.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
SlCatalog *
sl_catalog_open (const char *path, GError **error)
{
  g_autoptr (SlCatalog) self = NULL;
  SlCatalogValue value = {
    NULL,
  };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SL_TYPE_CATALOG, "path", path, NULL);
  if (!run_blocking (self, JOB_OPEN, NULL, self->path, &value, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * sl_catalog_open_async:
 * @path: the catalog file; its folder must exist
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Opens the catalog like sl_catalog_open() without blocking.
 */
void
sl_catalog_open_async (const char *path,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  SlCatalog *self;
  GTask *task;

  g_return_if_fail (path != NULL);

  self = g_object_new (SL_TYPE_CATALOG, "path", path, NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_catalog_open_async);
  /* The task owns the catalog until the worker hands it to the callback. */
  g_task_set_task_data (task, self, g_object_unref);
  queue_async (self, JOB_OPEN, NULL, g_strdup (path), g_free, task);
}

/**
 * sl_catalog_open_finish:
 * @result: the result passed to the callback
 * @error: return location for an error (%SL_ERROR_CATALOG)
 *
 * Returns: (transfer full) (nullable): the catalog
 */
SlCatalog *
sl_catalog_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_catalog_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sl_catalog_get_path (SlCatalog *self)
{
  g_return_val_if_fail (SL_IS_CATALOG (self), NULL);

  return self->path;
}
