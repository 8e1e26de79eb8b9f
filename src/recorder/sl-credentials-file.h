// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The credentials file behind SlCredentials, for a recorder without a Secret
 * Service. Blocking and thread-safe: SlCredentials calls it from GTask threads. */
typedef struct _SlCredentialsFile SlCredentialsFile;

SlCredentialsFile *sl_credentials_file_new (const char *path);
void sl_credentials_file_free (SlCredentialsFile *self);
const char *sl_credentials_file_get_path (SlCredentialsFile *self);

gboolean sl_credentials_file_store (SlCredentialsFile *self,
                                    gint64 camera_id,
                                    const char *username,
                                    const char *password,
                                    GError **error);
char *sl_credentials_file_lookup (SlCredentialsFile *self,
                                  gint64 camera_id,
                                  const char *username,
                                  GError **error);
gboolean sl_credentials_file_forget (SlCredentialsFile *self, gint64 camera_id, GError **error);

/* The installation's export signing key, as text (base64), in the group
 * "[export signing key]". lookup returns NULL without an error when there is
 * none. */
gboolean sl_credentials_file_store_signing_key (SlCredentialsFile *self,
                                                const char *encoded,
                                                GError **error);
char *sl_credentials_file_lookup_signing_key (SlCredentialsFile *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCredentialsFile, sl_credentials_file_free)

G_END_DECLS
