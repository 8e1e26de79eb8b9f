// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <string.h>

#include "sl-view-store.h"

struct _SlViewStore
{
  GObject parent_instance;

  /* Owned */
  SlCatalog *catalog;
  GListModel *cameras; /* SlCamera */
  GPtrArray *views;    /* SlViewRecord */
  GCancellable *cancellable;

  gboolean loaded;
};

enum
{
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlViewStore, sl_view_store, G_TYPE_OBJECT)

/* A write's outcome waits for the views to be read again, so that the
 * callback sees the store as it now is. */
typedef struct
{
  gint64 id;
  gboolean done;
} WriteResult;

static void
set_views (SlViewStore *self, GPtrArray *views)
{
  g_clear_pointer (&self->views, g_ptr_array_unref);
  self->views = views;
  /* "changed" first: what opens views once loaded shows them as they are. */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
views_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SlViewStore *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  GPtrArray *views = sl_catalog_list_views_finish (SL_CATALOG (source), result, &error);

  g_debug ("Views read: %s", views != NULL ? "ok" : error->message);
  /* The write itself went through: keep what was read before. */
  if (views == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", error->message);
  if (views != NULL)
    set_views (self, views);

  if (g_task_get_task_data (task) != NULL)
    g_task_return_int (task, ((WriteResult *)g_task_get_task_data (task))->id);
  else
    g_task_return_int (task, 1);
}

static void
reload (SlViewStore *self, GTask *task)
{
  sl_catalog_list_views_async (self->catalog, self->cancellable, views_read_cb, task);
}

static void
sl_view_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlViewStore *self = SL_VIEW_STORE (object);

  switch (prop_id)
    {
      case PROP_LOADED:
        g_value_set_boolean (value, self->loaded);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_view_store_dispose (GObject *object)
{
  SlViewStore *self = SL_VIEW_STORE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cameras);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sl_view_store_parent_class)->dispose (object);
}

static void
sl_view_store_finalize (GObject *object)
{
  SlViewStore *self = SL_VIEW_STORE (object);

  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sl_view_store_parent_class)->finalize (object);
}

static void
sl_view_store_class_init (SlViewStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_view_store_get_property;
  object_class->dispose = sl_view_store_dispose;
  object_class->finalize = sl_view_store_finalize;

  properties[PROP_LOADED] =
      g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_view_store_init (SlViewStore *self)
{
  self->cancellable = g_cancellable_new ();
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_view_record_free);
}

/**
 * sl_view_store_new:
 * @catalog: the catalog holding the views
 * @cameras: the #SlCamera list of the recorder
 *
 * Creates a store and starts reading the views.
 *
 * Returns: (transfer full): a new #SlViewStore
 */
SlViewStore *
sl_view_store_new (SlCatalog *catalog, GListModel *cameras)
{
  SlViewStore *self;

  g_return_val_if_fail (SL_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (cameras), NULL);

  self = g_object_new (SL_TYPE_VIEW_STORE, NULL);
  self->catalog = g_object_ref (catalog);
  self->cameras = g_object_ref (cameras);
  reload (self, g_task_new (self, self->cancellable, NULL, NULL));
  return self;
}

SlCatalog *
sl_view_store_get_catalog (SlViewStore *self)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), NULL);

  return self->catalog;
}

GListModel *
sl_view_store_get_cameras (SlViewStore *self)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), NULL);

  return self->cameras;
}

gboolean
sl_view_store_get_loaded (SlViewStore *self)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), FALSE);

  return self->loaded;
}

GPtrArray *
sl_view_store_get_views (SlViewStore *self)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), NULL);

  return self->views;
}

const SlViewRecord *
sl_view_store_lookup_view (SlViewStore *self, gint64 view_id)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), NULL);

  for (guint i = 0; i < self->views->len; i++)
    {
      const SlViewRecord *view = self->views->pdata[i];

      if (view->id == view_id)
        return view;
    }
  return NULL;
}

gboolean
sl_view_store_is_inside (SlViewStore *self, gint64 folder_id, gint64 view_id)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), FALSE);

  for (guint depth = 0; folder_id != 0 && depth < 64; depth++)
    {
      const SlViewRecord *folder = sl_view_store_lookup_view (self, folder_id);

      if (folder_id == view_id)
        return TRUE;
      folder_id = folder != NULL ? folder->parent_id : 0;
    }
  return FALSE;
}

SlCamera *
sl_view_store_lookup_camera (SlViewStore *self, gint64 camera_id)
{
  g_return_val_if_fail (SL_IS_VIEW_STORE (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (self->cameras); i++)
    {
      g_autoptr (SlCamera) camera = g_list_model_get_item (self->cameras, i);

      if (sl_camera_get_id (camera) == camera_id)
        return camera; /* the list keeps it */
    }
  return NULL;
}

static gboolean
parse_reference (const char *reference, const char *prefix, gint64 *id)
{
  guint64 number;

  if (reference == NULL || !g_str_has_prefix (reference, prefix))
    return FALSE;
  if (!g_ascii_string_to_unsigned (reference + strlen (prefix), 10, 1, G_MAXINT64, &number, NULL))
    return FALSE;
  *id = number;
  return TRUE;
}

gboolean
sl_view_store_resolve_reference (SlViewStore *self,
                                 const char *reference,
                                 SlFrameContent *content,
                                 gint64 *id)
{
  const SlViewRecord *view;

  g_return_val_if_fail (SL_IS_VIEW_STORE (self), FALSE);

  if (parse_reference (reference, "camera:", id))
    {
      *content = SL_FRAME_CAMERA;
      return sl_view_store_lookup_camera (self, *id) != NULL;
    }
  if (!parse_reference (reference, "view:", id))
    return FALSE;
  view = sl_view_store_lookup_view (self, *id);
  if (view == NULL || view->kind == SL_VIEW_KIND_FOLDER)
    return FALSE;
  *content = view->kind == SL_VIEW_KIND_SEQUENCE ? SL_FRAME_SEQUENCE : SL_FRAME_VIEW;
  return TRUE;
}

const char *
sl_view_store_get_reference_name (SlViewStore *self, const char *reference)
{
  gint64 id;

  g_return_val_if_fail (SL_IS_VIEW_STORE (self), NULL);

  if (parse_reference (reference, "camera:", &id))
    {
      SlCamera *camera = sl_view_store_lookup_camera (self, id);

      return camera != NULL ? sl_camera_get_name (camera) : NULL;
    }
  if (parse_reference (reference, "view:", &id))
    {
      const SlViewRecord *view = sl_view_store_lookup_view (self, id);

      return view != NULL ? view->name : NULL;
    }
  return NULL;
}

/* ---- Writes ---------------------------------------------------------------- */

static void
written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  SlViewStore *self = g_task_get_source_object (task);
  WriteResult *write = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gpointer tag = g_task_get_source_tag (task);

  if (tag == sl_view_store_add_view_async)
    write->id = sl_catalog_add_view_finish (SL_CATALOG (source), result, &error);
  else if (tag == sl_view_store_update_view_async)
    write->id = sl_catalog_update_view_finish (SL_CATALOG (source), result, &error);
  else
    write->id = sl_catalog_remove_view_finish (SL_CATALOG (source), result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  reload (self, task);
}

static GTask *
write_task_new (SlViewStore *self,
                GCancellable *cancellable,
                GAsyncReadyCallback callback,
                gpointer user_data,
                gpointer tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, g_new0 (WriteResult, 1), g_free);
  return task;
}

void
sl_view_store_add_view_async (SlViewStore *self,
                              const SlViewRecord *view,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_VIEW_STORE (self));

  task = write_task_new (self, cancellable, callback, user_data, sl_view_store_add_view_async);
  sl_catalog_add_view_async (self->catalog, view, self->cancellable, written_cb, task);
}

gint64
sl_view_store_add_view_finish (SlViewStore *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

void
sl_view_store_update_view_async (SlViewStore *self,
                                 const SlViewRecord *view,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_VIEW_STORE (self));

  task = write_task_new (self, cancellable, callback, user_data, sl_view_store_update_view_async);
  sl_catalog_update_view_async (self->catalog, view, self->cancellable, written_cb, task);
}

gboolean
sl_view_store_update_view_finish (SlViewStore *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error) != 0;
}

void
sl_view_store_remove_view_async (SlViewStore *self,
                                 gint64 view_id,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task;

  g_return_if_fail (SL_IS_VIEW_STORE (self));

  task = write_task_new (self, cancellable, callback, user_data, sl_view_store_remove_view_async);
  sl_catalog_remove_view_async (self->catalog, view_id, self->cancellable, written_cb, task);
}

gboolean
sl_view_store_remove_view_finish (SlViewStore *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_int (G_TASK (result), error) != 0;
}
