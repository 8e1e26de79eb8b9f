// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_TYPE_CREDENTIALS (sl_credentials_get_type ())

G_DECLARE_FINAL_TYPE (SlCredentials, sl_credentials, SL, CREDENTIALS, GObject)

SlCredentials *sl_credentials_new (const char *data_dir);

const char *sl_credentials_get_data_dir (SlCredentials *self);

/* Overwrites a password (nullable) before freeing it. */
void sl_credentials_free_password (gpointer password);

gboolean sl_credentials_store (SlCredentials *self,
                               gint64 camera_id,
                               const char *username,
                               const char *password,
                               GError **error);
char *
sl_credentials_lookup (SlCredentials *self, gint64 camera_id, const char *username, GError **error);
gboolean sl_credentials_forget (SlCredentials *self, gint64 camera_id, GError **error);

void sl_credentials_store_async (SlCredentials *self,
                                 gint64 camera_id,
                                 const char *username,
                                 const char *password,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean sl_credentials_store_finish (SlCredentials *self, GAsyncResult *result, GError **error);

void sl_credentials_lookup_async (SlCredentials *self,
                                  gint64 camera_id,
                                  const char *username,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
char *sl_credentials_lookup_finish (SlCredentials *self, GAsyncResult *result, GError **error);

/* The Ed25519 key that signs the exports of this installation (its data
 * folder): the 32-byte private key, kept where the passwords are (Secret
 * Service schema org.sightline.Sightline.SigningKey, or the credentials file),
 * never in the catalog. Blocking: call them from a thread or the command line.
 * lookup returns NULL without an error when no key is stored yet. */
GBytes *sl_credentials_lookup_signing_key (SlCredentials *self, GError **error);
gboolean sl_credentials_store_signing_key (SlCredentials *self, GBytes *key, GError **error);

G_END_DECLS
