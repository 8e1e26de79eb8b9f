// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sl-credentials-file.h"
#include "sl-credentials-private.h"
#include "sl-error.h"

/* The export signing key of SlCredentials: one Secret Service item per data
 * folder, or the "[export signing key]" group of the credentials file, chosen
 * the way the camera passwords are. */

static const SecretSchema signing_key_schema = {
  "org.sightline.Sightline.SigningKey",
  SECRET_SCHEMA_NONE,
  {
      { "data-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
  },
};

static GHashTable *
build_signing_key_attributes (SlCredentials *self)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (char *)"data-dir",
                       g_strdup (sl_credentials_get_data_dir (self)));
  return attributes;
}

static void
set_signing_key_error (GError **error, GError *cause, gboolean storing)
{
  if (sl_credentials_propagate_common_error (error, cause))
    return;

  if (storing)
    g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                 _ ("Cannot save the export signing key in the keyring (%s); unlock the keyring, "
                    "or set SL_CREDENTIALS_BACKEND=file on a computer without a desktop session."),
                 cause->message);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                 _ ("Cannot read the export signing key from the keyring (%s); unlock the "
                    "keyring, or set SL_CREDENTIALS_BACKEND=file on a computer without a desktop "
                    "session."),
                 cause->message);
  g_error_free (cause);
}

static GBytes *
decode_signing_key (char *encoded, GError **error)
{
  guchar *decoded;
  gsize length = 0;

  if (encoded == NULL)
    return NULL;
  decoded = g_base64_decode (encoded, &length);
  sl_credentials_free_password (encoded);
  if (length == 0)
    {
      g_free (decoded);
      g_set_error_literal (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                           _ ("The stored export signing key is damaged; remove it so that a new "
                              "one is made."));
      return NULL;
    }
  return g_bytes_new_take (decoded, length);
}

static GBytes *
lookup_in_file (SlCredentials *self, GError **error)
{
  SlCredentialsFile *file = sl_credentials_get_file (self);

  return decode_signing_key (sl_credentials_file_lookup_signing_key (file, error), error);
}

/**
 * sl_credentials_lookup_signing_key:
 * @self: a #SlCredentials
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Reads the private key that signs the exports of this data folder. Blocks.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL: with @error set on
 *   failure, without when none is stored yet
 */
GBytes *
sl_credentials_lookup_signing_key (SlCredentials *self, GError **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  GError *cause = NULL;
  char *encoded;

  g_return_val_if_fail (SL_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sl_credentials_check_backend (self, error))
    return NULL;

  if (!sl_credentials_uses_secret_service (self))
    return lookup_in_file (self, error);

  attributes = build_signing_key_attributes (self);
  encoded = secret_password_lookupv_sync (&signing_key_schema, attributes, NULL, &cause);
  if (cause == NULL)
    return decode_signing_key (encoded, error);

  if (sl_credentials_fall_back_to_file (self, &cause))
    return lookup_in_file (self, error);

  set_signing_key_error (error, cause, FALSE);
  return NULL;
}

/**
 * sl_credentials_store_signing_key:
 * @self: a #SlCredentials
 * @key: the private key
 * @error: return location for an error in the %SL_ERROR domain
 *
 * Keeps @key as the key that signs the exports of this data folder, replacing
 * any earlier one. Blocks.
 *
 * Returns: %TRUE once the key is stored
 */
gboolean
sl_credentials_store_signing_key (SlCredentials *self, GBytes *key, GError **error)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GError *cause = NULL;
  char *encoded;
  gsize length;
  gconstpointer data;
  gboolean stored = FALSE;
  SlCredentialsFile *file;
  const char *data_dir;

  g_return_val_if_fail (SL_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = sl_credentials_get_file (self);
  data_dir = sl_credentials_get_data_dir (self);

  if (!sl_credentials_check_backend (self, error))
    return FALSE;

  data = g_bytes_get_data (key, &length);
  encoded = g_base64_encode (data, length);

  if (!sl_credentials_uses_secret_service (self))
    {
      stored = sl_credentials_file_store_signing_key (file, encoded, error);
      sl_credentials_free_password (encoded);
      return stored;
    }

  g_debug ("Storing the export signing key in the Secret Service");
  attributes = build_signing_key_attributes (self);
  /* Translators: the name of the key in the keyring; %s is the data folder. */
  label = g_strdup_printf (_ ("Sightline export signing key (%s)"), data_dir);
  stored = secret_password_storev_sync (&signing_key_schema, attributes, SECRET_COLLECTION_DEFAULT,
                                        label, encoded, NULL, &cause);
  if (!stored && sl_credentials_fall_back_to_file (self, &cause))
    stored = sl_credentials_file_store_signing_key (file, encoded, error);
  else if (!stored && cause != NULL)
    set_signing_key_error (error, cause, TRUE);
  else if (!stored)
    g_set_error_literal (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                         _ ("The keyring did not save the export signing key; unlock the keyring, "
                            "or set SL_CREDENTIALS_BACKEND=file on a computer without a desktop "
                            "session."));
  sl_credentials_free_password (encoded);
  return stored;
}
