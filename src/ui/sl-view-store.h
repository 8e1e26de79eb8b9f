// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

#include "sl-camera.h"
#include "sl-catalog.h"
#include "sl-view-layout.h"

G_BEGIN_DECLS

#define SL_TYPE_VIEW_STORE (sl_view_store_get_type ())
G_DECLARE_FINAL_TYPE (SlViewStore, sl_view_store, SL, VIEW_STORE, GObject)

/* The views of the catalog and the cameras of the recorder, for the widgets
 * of the main thread: it reads the views once (asynchronously), keeps them,
 * and writes changes through the catalog's _async calls, emitting "changed"
 * after each. "loaded" turns TRUE after the first read. */
SlViewStore *sl_view_store_new (SlCatalog *catalog, GListModel *cameras);

SlCatalog *sl_view_store_get_catalog (SlViewStore *self);
GListModel *sl_view_store_get_cameras (SlViewStore *self);
gboolean sl_view_store_get_loaded (SlViewStore *self);
/* SlViewRecord, each folder before its views; borrowed until "changed". */
GPtrArray *sl_view_store_get_views (SlViewStore *self);
const SlViewRecord *sl_view_store_lookup_view (SlViewStore *self, gint64 view_id);
/* Whether @folder_id is @view_id or a folder inside it (a folder cannot move
 * there). */
gboolean sl_view_store_is_inside (SlViewStore *self, gint64 folder_id, gint64 view_id);
SlCamera *sl_view_store_lookup_camera (SlViewStore *self, gint64 camera_id);

/* What a reference names ("camera:ID" for a camera, "view:ID" for a view in
 * the tree), as the content of a frame: a camera, a sequence or another view.
 * FALSE when it names nothing that exists. References are what the sidebar
 * drags, what tabs remember and what Show on Monitor opens. */
gboolean sl_view_store_resolve_reference (SlViewStore *self,
                                          const char *reference,
                                          SlFrameContent *content,
                                          gint64 *id);
/* The name a reference shows: the camera's or the view's. */
const char *sl_view_store_get_reference_name (SlViewStore *self, const char *reference);

/* Writes; the callback gets @self as source. add returns the new id. */
void sl_view_store_add_view_async (SlViewStore *self,
                                   const SlViewRecord *view,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gint64 sl_view_store_add_view_finish (SlViewStore *self, GAsyncResult *result, GError **error);
void sl_view_store_update_view_async (SlViewStore *self,
                                      const SlViewRecord *view,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_view_store_update_view_finish (SlViewStore *self, GAsyncResult *result, GError **error);
void sl_view_store_remove_view_async (SlViewStore *self,
                                      gint64 view_id,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_view_store_remove_view_finish (SlViewStore *self, GAsyncResult *result, GError **error);

G_END_DECLS
