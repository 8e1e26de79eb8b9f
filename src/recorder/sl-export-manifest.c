// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <json-glib/json-glib.h>

#include "sl-error.h"
#include "sl-export-private.h"

/* The signed manifest of an export folder, and its verification.
 *
 * manifest.json lists every file of the folder but itself and manifest.sig
 * (name, size, SHA-256), what each media file holds, who exported it and
 * when, and the Ed25519 public key of the installation with its fingerprint
 * (the SHA-256 of the 32-byte raw public key, in hex). manifest.sig holds
 * the base64 Ed25519 signature of the exact bytes of manifest.json. The
 * private key is kept with the passwords (SlCredentials) as 64 bytes: the
 * 32-byte private key, then the 32-byte public key. */

#define MANIFEST_FORMAT "sightline-export/1"
#define HASH_CHUNK      (1024 * 1024)
#define ED25519_BYTES   32

/* Two exports starting at once must not both make a key. */
static GMutex signing_key_lock;

char *
sl_export_hex_encode (const guint8 *data, gsize length)
{
  static const char digits[] = "0123456789abcdef";
  char *text = g_malloc (length * 2 + 1);

  for (gsize i = 0; i < length; i++)
    {
      text[i * 2] = digits[data[i] >> 4];
      text[i * 2 + 1] = digits[data[i] & 0xf];
    }
  text[length * 2] = '\0';
  return text;
}

static char *
fingerprint_of (const guint8 *public_key, gsize length)
{
  guint8 digest[32];

  gnutls_hash_fast (GNUTLS_DIG_SHA256, public_key, length, digest);
  return sl_export_hex_encode (digest, sizeof digest);
}

static void
set_crypto_error (GError **error, const char *what, int code)
{
  g_set_error (error, SL_ERROR, SL_ERROR_FAILED, _ ("Cannot %s (GnuTLS: %s)."), what,
               gnutls_strerror (code));
}

char *
sl_export_hash_file (const char *path, gint64 *size, GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *chunk = NULL;
  gnutls_hash_hd_t hash;
  guint8 digest[32];
  gint64 total = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _ ("Cannot read '%s': %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  gnutls_hash_init (&hash, GNUTLS_DIG_SHA256);
  chunk = g_malloc (HASH_CHUNK);

  for (;;)
    {
      ssize_t count = read (fd, chunk, HASH_CHUNK);

      if (count < 0 && errno == EINTR)
        continue;
      if (count < 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (path);

          gnutls_hash_deinit (hash, NULL);
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _ ("Cannot read '%s': %s"), display, g_strerror (saved_errno));
          return NULL;
        }
      if (count == 0)
        break;
      gnutls_hash (hash, chunk, (size_t)count);
      total += count;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gnutls_hash_deinit (hash, NULL);
          close (fd);
          return NULL;
        }
    }
  close (fd);
  gnutls_hash_deinit (hash, digest);
  if (size != NULL)
    *size = total;
  return sl_export_hex_encode (digest, sizeof digest);
}

/* ---- The installation's key ---------------------------------------------- */

typedef struct
{
  gnutls_privkey_t key;
  guint8 public_key[ED25519_BYTES];
} SigningKey;

static void
signing_key_clear (SigningKey *key)
{
  g_clear_pointer (&key->key, gnutls_privkey_deinit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SigningKey, signing_key_clear)

static gboolean
make_signing_key (SlCredentials *credentials, SigningKey *out, GError **error)
{
  gnutls_datum_t x = { 0 }, y = { 0 }, k = { 0 };
  gnutls_ecc_curve_t curve;
  g_autoptr (GBytes) stored = NULL;
  guint8 *both;
  int code;

  code = gnutls_privkey_generate2 (out->key, GNUTLS_PK_EDDSA_ED25519,
                                   GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_ED25519), 0, NULL, 0);
  if (code >= 0)
    code = gnutls_privkey_export_ecc_raw2 (out->key, &curve, &x, &y, &k, 0);
  if (code < 0)
    {
      set_crypto_error (error, _ ("make the export signing key"), code);
      return FALSE;
    }
  if (x.size != ED25519_BYTES || k.size != ED25519_BYTES)
    {
      gnutls_free (x.data);
      gnutls_free (y.data);
      gnutls_memset (k.data, 0, k.size);
      gnutls_free (k.data);
      set_crypto_error (error, _ ("make the export signing key"), GNUTLS_E_INTERNAL_ERROR);
      return FALSE;
    }

  memcpy (out->public_key, x.data, ED25519_BYTES);
  both = g_malloc (ED25519_BYTES * 2);
  memcpy (both, k.data, ED25519_BYTES);
  memcpy (both + ED25519_BYTES, x.data, ED25519_BYTES);
  gnutls_free (x.data);
  gnutls_free (y.data);
  gnutls_memset (k.data, 0, k.size);
  gnutls_free (k.data);
  stored = g_bytes_new_with_free_func (both, ED25519_BYTES * 2, g_free, both);
  g_debug ("Made a new export signing key");
  return sl_credentials_store_signing_key (credentials, stored, error);
}

/* The key kept for this installation, made and stored the first time. */
static gboolean
load_signing_key (SlCredentials *credentials, SigningKey *out, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&signing_key_lock);
  g_autoptr (GBytes) stored = NULL;
  GError *local_error = NULL;
  gnutls_datum_t x, k;
  const guint8 *data;
  gsize length;
  int code;

  code = gnutls_privkey_init (&out->key);
  if (code < 0)
    {
      set_crypto_error (error, _ ("read the export signing key"), code);
      return FALSE;
    }

  stored = sl_credentials_lookup_signing_key (credentials, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (stored == NULL)
    return make_signing_key (credentials, out, error);

  data = g_bytes_get_data (stored, &length);
  if (length != ED25519_BYTES * 2)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_CREDENTIALS,
                           _ ("The stored export signing key is damaged; remove it so that a new "
                              "one is made."));
      return FALSE;
    }
  k.data = (guint8 *)data;
  k.size = ED25519_BYTES;
  x.data = (guint8 *)data + ED25519_BYTES;
  x.size = ED25519_BYTES;
  code = gnutls_privkey_import_ecc_raw (out->key, GNUTLS_ECC_CURVE_ED25519, &x, NULL, &k);
  if (code < 0)
    {
      set_crypto_error (error, _ ("read the export signing key"), code);
      return FALSE;
    }
  memcpy (out->public_key, x.data, ED25519_BYTES);
  return TRUE;
}

/* ---- Writing ------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static char *
format_utc (gint64 us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *text = time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S") : NULL;

  if (text == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, us);
  return g_strdup_printf ("%s.%06dZ", text, (int)(us % G_USEC_PER_SEC));
}

static void
add_time (JsonBuilder *builder, const char *name, gint64 us)
{
  g_autofree char *text = format_utc (us);
  g_autofree char *us_name = g_strconcat (name, "_us", NULL);

  add_string (builder, name, text);
  add_int (builder, us_name, us);
}

static void
add_item (JsonBuilder *builder, const SlExportItem *item, SlExportFormat format)
{
  json_builder_begin_object (builder);
  add_string (builder, "name", item->file_name);
  add_int (builder, "size", item->bytes);
  add_string (builder, "sha256", item->sha256);
  add_string (builder, "kind", "recording");
  add_string (builder, "format", sl_export_format_to_string (format));
  add_int (builder, "camera_id", item->camera_id);
  add_string (builder, "camera", item->camera_name);
  add_time (builder, "from", item->from_us);
  add_time (builder, "to", item->to_us);
  add_time (builder, "first_frame", item->first_frame_us);
  add_time (builder, "last_frame", item->last_frame_us);
  add_int (builder, "duration_us", item->duration_us);
  add_int (builder, "frames", item->n_frames);
  add_int (builder, "segments", item->n_segments);
  add_string (builder, "audio", item->audio);
  add_string (builder, "audio_codec", item->audio_codec);
  if (g_strcmp0 (item->audio, "dropped") == 0)
    add_string (
        builder, "audio_note",
        "The recorded audio codec cannot be stored in this container; export as MKV to keep it.");
  json_builder_end_object (builder);
}

static char *
build_manifest (const SlExportManifestInfo *info, const SigningKey *key)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *public_key = g_base64_encode (key->public_key, ED25519_BYTES);
  g_autofree char *fingerprint = fingerprint_of (key->public_key, ED25519_BYTES);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "format", MANIFEST_FORMAT);
  add_string (builder, "application", "Sightline");
  add_string (builder, "version", PACKAGE_VERSION);
  add_time (builder, "exported_at", info->exported_at_us);
  add_string (builder, "exported_by", g_get_user_name ());
  add_string (builder, "exported_by_name", g_get_real_name ());
  add_string (builder, "host", g_get_host_name ());

  json_builder_set_member_name (builder, "signature");
  json_builder_begin_object (builder);
  add_string (builder, "algorithm", "ed25519");
  add_string (builder, "public_key", public_key);
  add_string (builder, "fingerprint", fingerprint);
  add_string (builder, "file", SL_EXPORT_SIGNATURE_NAME);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < info->items->len; i++)
    add_item (builder, info->items->pdata[i], info->format);
  if (info->notes != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", SL_EXPORT_NOTES_NAME);
      add_int (builder, "size", info->notes_bytes);
      add_string (builder, "sha256", info->notes_sha256);
      add_string (builder, "kind", "notes");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static gboolean
write_file (const char *dir, const char *name, const char *contents, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

gboolean
sl_export_write_manifest (const char *dir,
                          const SlExportManifestInfo *info,
                          SlCredentials *credentials,
                          char **fingerprint,
                          GError **error)
{
  g_auto (SigningKey) key = { 0 };
  g_autofree char *manifest = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *signature_text = NULL;
  gnutls_datum_t data, signature = { 0 };
  int code;

  if (!load_signing_key (credentials, &key, error))
    return FALSE;

  manifest = build_manifest (info, &key);
  data.data = (guint8 *)manifest;
  data.size = (unsigned)strlen (manifest);
  code = gnutls_privkey_sign_data2 (key.key, GNUTLS_SIGN_EDDSA_ED25519, 0, &data, &signature);
  if (code < 0)
    {
      set_crypto_error (error, _ ("sign the export"), code);
      return FALSE;
    }
  encoded = g_base64_encode (signature.data, signature.size);
  gnutls_free (signature.data);
  signature_text = g_strconcat (encoded, "\n", NULL);

  if (!write_file (dir, SL_EXPORT_MANIFEST_NAME, manifest, error) ||
      !write_file (dir, SL_EXPORT_SIGNATURE_NAME, signature_text, error))
    return FALSE;

  *fingerprint = fingerprint_of (key.public_key, ED25519_BYTES);
  return TRUE;
}

/* ---- Verification -------------------------------------------------------- */

void
sl_export_problem_free (SlExportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->message);
  g_free (problem);
}

static void add_problem (GPtrArray *problems,
                         SlExportProblemKind kind,
                         const char *file,
                         const char *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (
    GPtrArray *problems, SlExportProblemKind kind, const char *file, const char *format, ...)
{
  SlExportProblem *problem = g_new0 (SlExportProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->kind = kind;
  problem->file = g_strdup (file);
  g_ptr_array_add (problems, problem);
}

/* Whether the signature in manifest.sig is that of @manifest by the key the
 * manifest names. */
static void
check_signature (
    const char *dir, JsonObject *root, GBytes *manifest, char **fingerprint, GPtrArray *problems)
{
  g_autofree char *path = g_build_filename (dir, SL_EXPORT_SIGNATURE_NAME, NULL);
  g_autofree char *signature_text = NULL;
  g_autofree guint8 *signature = NULL;
  g_autofree guint8 *public_key = NULL;
  g_autofree char *computed = NULL;
  JsonObject *info = NULL;
  const char *key_text = NULL;
  const char *stated = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t x, data, sig;
  gsize signature_length = 0, key_length = 0;
  int code;

  if (json_object_has_member (root, "signature") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "signature")))
    info = json_object_get_object_member (root, "signature");
  if (info != NULL)
    {
      key_text = json_object_get_string_member_with_default (info, "public_key", NULL);
      stated = json_object_get_string_member_with_default (info, "fingerprint", NULL);
    }
  if (key_text != NULL)
    public_key = g_base64_decode (key_text, &key_length);
  if (public_key == NULL || key_length != ED25519_BYTES)
    {
      add_problem (problems, SL_EXPORT_PROBLEM_SIGNATURE, SL_EXPORT_MANIFEST_NAME,
                   _ ("%s names no valid public key, so its signature cannot be checked."),
                   SL_EXPORT_MANIFEST_NAME);
      return;
    }
  computed = fingerprint_of (public_key, key_length);
  if (fingerprint != NULL)
    *fingerprint = g_strdup (computed);
  if (g_strcmp0 (stated, computed) != 0)
    add_problem (problems, SL_EXPORT_PROBLEM_SIGNATURE, SL_EXPORT_MANIFEST_NAME,
                 _ ("The key fingerprint in %s is not that of its public key."),
                 SL_EXPORT_MANIFEST_NAME);

  if (!g_file_get_contents (path, &signature_text, NULL, NULL))
    {
      add_problem (problems, SL_EXPORT_PROBLEM_SIGNATURE, SL_EXPORT_SIGNATURE_NAME,
                   _ ("%s is missing: the manifest is not signed."), SL_EXPORT_SIGNATURE_NAME);
      return;
    }
  g_strstrip (signature_text);
  signature = g_base64_decode (signature_text, &signature_length);

  x.data = public_key;
  x.size = ED25519_BYTES;
  data.data = (guint8 *)g_bytes_get_data (manifest, NULL);
  data.size = (unsigned)g_bytes_get_size (manifest);
  sig.data = signature;
  sig.size = (unsigned)signature_length;
  code = gnutls_pubkey_init (&pubkey);
  if (code >= 0)
    code = gnutls_pubkey_import_ecc_raw (pubkey, GNUTLS_ECC_CURVE_ED25519, &x, NULL);
  if (code >= 0)
    code = signature_length > 0
               ? gnutls_pubkey_verify_data2 (pubkey, GNUTLS_SIGN_EDDSA_ED25519, 0, &data, &sig)
               : GNUTLS_E_PK_SIG_VERIFY_FAILED;
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (code < 0)
    add_problem (problems, SL_EXPORT_PROBLEM_SIGNATURE, SL_EXPORT_MANIFEST_NAME,
                 _ ("The signature in %s does not match %s: the manifest was altered after it "
                    "was signed."),
                 SL_EXPORT_SIGNATURE_NAME, SL_EXPORT_MANIFEST_NAME);
}

static gboolean
is_plain_name (const char *name)
{
  return name != NULL && name[0] != '\0' && strchr (name, '/') == NULL &&
         g_strcmp0 (name, ".") != 0 && g_strcmp0 (name, "..") != 0;
}

static void
check_file (const char *dir,
            JsonObject *entry,
            GHashTable *listed,
            GPtrArray *problems,
            GCancellable *cancellable)
{
  const char *name = json_object_get_string_member_with_default (entry, "name", NULL);
  const char *sha256 = json_object_get_string_member_with_default (entry, "sha256", NULL);
  gint64 size = json_object_get_int_member_with_default (entry, "size", -1);
  g_autofree char *path = NULL;
  g_autofree char *actual = NULL;
  g_autoptr (GError) error = NULL;
  gint64 actual_size = 0;

  if (!is_plain_name (name))
    {
      add_problem (problems, SL_EXPORT_PROBLEM_MANIFEST, SL_EXPORT_MANIFEST_NAME,
                   _ ("%s lists a file without a valid name."), SL_EXPORT_MANIFEST_NAME);
      return;
    }
  g_hash_table_add (listed, g_strdup (name));
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      add_problem (problems, SL_EXPORT_PROBLEM_MISSING, name,
                   _ ("'%s' is missing: the manifest lists it but the folder does not hold it."),
                   name);
      return;
    }
  actual = sl_export_hash_file (path, &actual_size, cancellable, &error);
  if (actual == NULL)
    add_problem (problems, SL_EXPORT_PROBLEM_ALTERED, name, _ ("'%s' cannot be read: %s"), name,
                 error->message);
  else if (actual_size != size)
    add_problem (problems, SL_EXPORT_PROBLEM_ALTERED, name,
                 _ ("'%s' was altered: it has %" G_GINT64_FORMAT
                    " bytes, the manifest says %" G_GINT64_FORMAT "."),
                 name, actual_size, size);
  else if (g_strcmp0 (actual, sha256) != 0)
    add_problem (problems, SL_EXPORT_PROBLEM_ALTERED, name,
                 _ ("'%s' was altered: its SHA-256 does not match the manifest."), name);
}

GPtrArray *
sl_export_verify (const char *dir, char **fingerprint, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) problems =
      g_ptr_array_new_with_free_func ((GDestroyNotify)sl_export_problem_free);
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *manifest_path = g_build_filename (dir, SL_EXPORT_MANIFEST_NAME, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) manifest = NULL;
  g_autoptr (GDir) folder = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonArray *files = NULL;
  const char *name;

  if (fingerprint != NULL)
    *fingerprint = NULL;
  folder = g_dir_open (dir, 0, error);
  if (folder == NULL)
    return NULL;

  if (!g_file_get_contents (manifest_path, &contents, &length, NULL))
    {
      add_problem (problems, SL_EXPORT_PROBLEM_MANIFEST, SL_EXPORT_MANIFEST_NAME,
                   _ ("%s is missing: this folder is not a signed export, or its manifest was "
                      "removed."),
                   SL_EXPORT_MANIFEST_NAME);
      return g_steal_pointer (&problems);
    }
  manifest = g_bytes_new_take (g_steal_pointer (&contents), length);

  root =
      json_parser_load_from_data (parser, g_bytes_get_data (manifest, NULL), (gssize)length, NULL)
          ? json_parser_get_root (parser)
          : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (
          json_object_get_string_member_with_default (json_node_get_object (root), "format", NULL),
          MANIFEST_FORMAT) != 0)
    {
      add_problem (problems, SL_EXPORT_PROBLEM_MANIFEST, SL_EXPORT_MANIFEST_NAME,
                   _ ("%s is damaged or is not a Sightline export manifest."),
                   SL_EXPORT_MANIFEST_NAME);
      return g_steal_pointer (&problems);
    }

  check_signature (dir, json_node_get_object (root), manifest, fingerprint, problems);

  if (json_object_has_member (json_node_get_object (root), "files") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "files")))
    files = json_object_get_array_member (json_node_get_object (root), "files");
  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      JsonNode *node = json_array_get_element (files, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (JSON_NODE_HOLDS_OBJECT (node))
        check_file (dir, json_node_get_object (node), listed, problems, cancellable);
    }

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      if (g_str_equal (name, SL_EXPORT_MANIFEST_NAME) ||
          g_str_equal (name, SL_EXPORT_SIGNATURE_NAME) || g_hash_table_contains (listed, name))
        continue;
      add_problem (problems, SL_EXPORT_PROBLEM_EXTRA, name,
                   _ ("'%s' is not part of the export: the manifest does not list it."), name);
    }

  return g_steal_pointer (&problems);
}
