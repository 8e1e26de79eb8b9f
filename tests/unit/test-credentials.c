// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sl-credentials.h"
#include "sl-error.h"

/* Runs against a real Secret Service: gnome-keyring-daemon, started here on the
 * private session bus that run-with-keyring.sh provides, with a keyring in a
 * temporary home. Every wait has this deadline. */
#define DEADLINE_SECONDS 30
#define KEYRING_PASSWORD "sightline-test-keyring"
#define SECRETS_NAME     "org.freedesktop.secrets"

/* The schema as other programs (Seahorse, secret-tool) see it, written out here
 * so that the test checks the contract rather than the code's own copy. */
static const SecretSchema device_schema = {
  "org.sightline.Sightline.Device",
  SECRET_SCHEMA_NONE,
  {
      { "camera-id", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
  },
};

static GSubprocess *keyring_daemon;
static char *keyring_home;
static char *default_collection;

/* Everything logged in this process, to prove that no password is among it. */
static GMutex log_mutex;
static GString *log_text;

typedef struct
{
  char *data_dir;
  char *credentials_path;
  SlCredentials *credentials;
} Fixture;

static GLogWriterOutput
capture_log (GLogLevelFlags log_level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        {
          if (fields[i].length < 0)
            g_string_append (log_text, fields[i].value);
          else
            g_string_append_len (log_text, fields[i].value, fields[i].length);
          g_string_append_c (log_text, '\n');
        }
    }
  g_mutex_unlock (&log_mutex);

  /* Debug messages are only captured: on stdout they would break the TAP stream. */
  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
log_contains (const char *text)
{
  gboolean found;

  g_mutex_lock (&log_mutex);
  found = strstr (log_text->str, text) != NULL;
  g_mutex_unlock (&log_mutex);
  return found;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_rmdir (path);
    }
}

/* memmem() needs _GNU_SOURCE; files may hold NUL bytes, so no strstr(). */
static gboolean
bytes_contain (const char *haystack, gsize length, const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether any file under @path holds @needle as plain bytes. */
static gboolean
tree_contains (const char *path, const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (child, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (child, &contents, &length, NULL) &&
          bytes_contain (contents, length, needle))
        {
          g_test_message ("%s holds the password", child);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
deadline_passed (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@done or the deadline. */
static void
wait_for (gboolean *done)
{
  gboolean timed_out = FALSE;
  guint deadline = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_passed, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Nothing happened within %d seconds", DEADLINE_SECONDS);
  g_source_remove (deadline);
}

static void
keyring_daemon_child_setup (gpointer user_data)
{
  /* The daemon goes when the test goes, even if an assertion aborts it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
secrets_name_appeared (GDBusConnection *connection,
                       const char *name,
                       const char *owner,
                       gpointer user_data)
{
  gboolean *appeared = user_data;

  *appeared = TRUE;
}

static void
keyring_daemon_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  if (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    g_error ("gnome-keyring-daemon exited before it served %s (status %d)", SECRETS_NAME,
             g_subprocess_get_status (G_SUBPROCESS (source)));
}

static char *
read_default_alias (GDBusConnection *bus)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  char *path;

  reply = g_dbus_connection_call_sync (
      bus, SECRETS_NAME, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "ReadAlias",
      g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE,
      DEADLINE_SECONDS * 1000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  return path;
}

/* gnome-keyring-daemon --unlock reads a password on standard input and creates
 * the "login" keyring with it, unlocked and as the default collection; with an
 * empty password it creates no keyring at all, and libsecret would then want to
 * prompt for a new default collection. */
static void
start_keyring_daemon (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GCancellable) stop_watching_exit = g_cancellable_new ();
  g_autofree char *data_home = NULL;
  g_autofree char *runtime_dir = NULL;
  const char *daemon = g_getenv ("SL_GNOME_KEYRING_DAEMON");
  GOutputStream *input;
  gboolean appeared = FALSE;
  guint watch;

  if (g_getenv ("SL_TEST_PRIVATE_BUS") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_error ("test-credentials starts its own Secret Service and needs a private session bus: "
             "run it as tests/unit/run-with-keyring.sh test-credentials");

  keyring_home = g_dir_make_tmp ("sl-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (keyring_home, "data", NULL);
  runtime_dir = g_build_filename (keyring_home, "run", NULL);
  g_assert_cmpint (g_mkdir (data_home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (runtime_dir, 0700), ==, 0);

  /* Its standard output would land in the TAP stream. */
  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", keyring_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, keyring_daemon_child_setup, NULL, NULL);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  watch = g_bus_watch_name_on_connection (bus, SECRETS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          secrets_name_appeared, NULL, &appeared, NULL);

  keyring_daemon = g_subprocess_launcher_spawn (
      launcher, &error, daemon != NULL ? daemon : "gnome-keyring-daemon", "--foreground",
      "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (keyring_daemon, stop_watching_exit, keyring_daemon_exited, NULL);

  input = g_subprocess_get_stdin_pipe (keyring_daemon);
  g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  wait_for (&appeared);
  g_bus_unwatch_name (watch);
  g_cancellable_cancel (stop_watching_exit);

  default_collection = read_default_alias (bus);
  g_test_message ("gnome-keyring-daemon %s serves %s, default collection %s",
                  g_subprocess_get_identifier (keyring_daemon), SECRETS_NAME, default_collection);
  g_assert_cmpstr (default_collection, !=, "/");
}

static void
keyring_daemon_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *stopped = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *stopped = TRUE;
}

static void
stop_keyring_daemon (void)
{
  gboolean stopped = FALSE;

  g_subprocess_send_signal (keyring_daemon, SIGTERM);
  g_subprocess_wait_async (keyring_daemon, NULL, keyring_daemon_stopped, &stopped);
  wait_for (&stopped);
  g_clear_object (&keyring_daemon);
  remove_tree (keyring_home);
  g_clear_pointer (&keyring_home, g_free);
  g_clear_pointer (&default_collection, g_free);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  const char *backend = data;
  g_autoptr (GError) error = NULL;

  if (backend != NULL)
    g_setenv ("SL_CREDENTIALS_BACKEND", backend, TRUE);
  else
    g_unsetenv ("SL_CREDENTIALS_BACKEND");

  fixture->data_dir = g_dir_make_tmp ("sl-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->credentials_path = g_build_filename (fixture->data_dir, "credentials", NULL);
  fixture->credentials = sl_credentials_new (fixture->data_dir);
  g_assert_cmpstr (sl_credentials_get_data_dir (fixture->credentials), ==, fixture->data_dir);
}

static void
assert_lookup (SlCredentials *credentials,
               gint64 camera_id,
               const char *username,
               const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = sl_credentials_lookup (credentials, camera_id, username, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
}

static void
store (SlCredentials *credentials, gint64 camera_id, const char *username, const char *password)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sl_credentials_store (credentials, camera_id, username, password, &error));
  g_assert_no_error (error);
}

static void
forget (SlCredentials *credentials, gint64 camera_id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sl_credentials_forget (credentials, camera_id, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  const char *backend = data;

  /* The Secret Service outlives the fixture: leave nothing behind in it. A
   * subprocess has no Secret Service, and a credentials file goes with the
   * data folder. */
  if (!g_test_subprocess () && g_strcmp0 (backend, "file") != 0)
    {
      for (gint64 camera_id = 1; camera_id <= 20; camera_id++)
        forget (fixture->credentials, camera_id);
    }

  /* A file operation's worker thread may drop its reference a moment after the
   * callback ran, so finalization is not asserted here. */
  g_object_unref (fixture->credentials);
  remove_tree (fixture->data_dir);
  g_free (fixture->credentials_path);
  g_free (fixture->data_dir);
}

/* The items the Secret Service holds for a camera, as any client sees them. */
static GList *
search_items (gint64 camera_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GList *items;

  g_hash_table_insert (attributes, (char *)"camera-id",
                       g_strdup_printf ("%" G_GINT64_FORMAT, camera_id));
  items = secret_service_search_sync (NULL, &device_schema, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, NULL, &error);
  g_assert_no_error (error);
  return items;
}

static void
test_secret_service_round_trip (Fixture *fixture, gconstpointer data)
{
  GList *items;
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *collection_prefix = g_strconcat (default_collection, "/", NULL);

  store (fixture->credentials, 12, "root", "first secret");
  assert_lookup (fixture->credentials, 12, "root", "first secret");
  assert_lookup (fixture->credentials, 12, NULL, "first secret");
  assert_lookup (fixture->credentials, 12, "admin", NULL);

  /* A new password replaces the old one. */
  store (fixture->credentials, 12, "root", "second secret");
  assert_lookup (fixture->credentials, 12, "root", "second secret");

  /* So does a new user name: a camera has one password. */
  store (fixture->credentials, 12, "admin", "third secret");
  assert_lookup (fixture->credentials, 12, "admin", "third secret");
  assert_lookup (fixture->credentials, 12, "root", NULL);

  items = search_items (12);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Sightline camera 12 (admin)");
  g_assert_true (g_str_has_prefix (g_dbus_proxy_get_object_path (items->data), collection_prefix));
  attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   "org.sightline.Sightline.Device");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "camera-id"), ==, "12");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "username"), ==, "admin");
  g_list_free_full (items, g_object_unref);

  /* Other cameras keep theirs. */
  store (fixture->credentials, 13, "root", "camera 13 secret");
  forget (fixture->credentials, 12);
  assert_lookup (fixture->credentials, 12, NULL, NULL);
  assert_lookup (fixture->credentials, 13, "root", "camera 13 secret");
  g_assert_null (search_items (12));

  /* Forgetting twice is no failure. */
  forget (fixture->credentials, 12);

  /* The Secret Service was used, not the file. */
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
}

static void
test_secret_service_unknown_camera (Fixture *fixture, gconstpointer data)
{
  assert_lookup (fixture->credentials, 19, "root", NULL);
  assert_lookup (fixture->credentials, 19, NULL, NULL);
}

static void
test_secret_service_large_camera_id (Fixture *fixture, gconstpointer data)
{
  const gint64 camera_id = G_MAXINT64 - 1;
  g_autoptr (GHashTable) attributes = NULL;
  GList *items;

  store (fixture->credentials, camera_id, "root", "far away");
  assert_lookup (fixture->credentials, camera_id, "root", "far away");

  /* Not cut to an int on the way. */
  items = search_items (camera_id);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "camera-id"), ==, "9223372036854775806");
  g_list_free_full (items, g_object_unref);

  forget (fixture->credentials, camera_id);
  assert_lookup (fixture->credentials, camera_id, "root", NULL);
}

/* Passwords stay out of the data folder and out of the keyring's files, which
 * gnome-keyring encrypts. */
static void
test_secret_service_not_on_disk (Fixture *fixture, gconstpointer data)
{
  const char *password = "Kept-Out-Of-Files-4711";

  store (fixture->credentials, 14, "root", password);
  assert_lookup (fixture->credentials, 14, "root", password);

  g_assert_false (tree_contains (fixture->data_dir, password));
  g_assert_false (tree_contains (keyring_home, password));
}

static void
stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (sl_credentials_store_finish (SL_CREDENTIALS (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

typedef struct
{
  gboolean done;
  char *password;
  GError *error;
} LookupResult;

static void
looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LookupResult *lookup = user_data;

  lookup->password = sl_credentials_lookup_finish (SL_CREDENTIALS (source), result, &lookup->error);
  lookup->done = TRUE;
}

static char *
lookup_async (SlCredentials *credentials, gint64 camera_id, const char *username)
{
  LookupResult lookup = { 0 };

  sl_credentials_lookup_async (credentials, camera_id, username, NULL, looked_up, &lookup);
  g_assert_false (lookup.done);
  wait_for (&lookup.done);
  g_assert_no_error (lookup.error);
  return lookup.password;
}

static void
store_async (SlCredentials *credentials,
             gint64 camera_id,
             const char *username,
             const char *password)
{
  gboolean done = FALSE;

  sl_credentials_store_async (credentials, camera_id, username, password, NULL, stored, &done);
  g_assert_false (done);
  wait_for (&done);
}

static void
test_async (Fixture *fixture, gconstpointer data)
{
  g_autofree char *password = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *other_user = NULL;
  g_autofree char *unknown = NULL;

  store_async (fixture->credentials, 15, "root", "async secret");
  password = lookup_async (fixture->credentials, 15, "root");
  g_assert_cmpstr (password, ==, "async secret");

  store_async (fixture->credentials, 15, "operator", "async replaced");
  replaced = lookup_async (fixture->credentials, 15, NULL);
  g_assert_cmpstr (replaced, ==, "async replaced");
  other_user = lookup_async (fixture->credentials, 15, "root");
  g_assert_null (other_user);

  unknown = lookup_async (fixture->credentials, 16, "root");
  g_assert_null (unknown);
}

static void
test_async_cancelled (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  LookupResult lookup = { 0 };

  g_cancellable_cancel (cancellable);
  sl_credentials_lookup_async (fixture->credentials, 15, "root", cancellable, looked_up, &lookup);
  wait_for (&lookup.done);
  g_assert_error (lookup.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (lookup.password);
  g_clear_error (&lookup.error);
}

/* Without SL_CREDENTIALS_BACKEND a reachable Secret Service is the store. */
static void
test_automatic_prefers_secret_service (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SlCredentials) secret_service = NULL;

  store (fixture->credentials, 17, "root", "automatic secret");
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));

  g_setenv ("SL_CREDENTIALS_BACKEND", "secret-service", TRUE);
  secret_service = sl_credentials_new (fixture->data_dir);
  assert_lookup (secret_service, 17, "root", "automatic secret");
  forget (secret_service, 17);
}

/* Points the session bus at a socket nobody listens on; for subprocesses, which
 * have not connected to the real one yet. */
static void
lose_session_bus (Fixture *fixture)
{
  g_autofree char *socket_path = g_build_filename (fixture->data_dir, "no-bus", NULL);
  g_autofree char *address = g_strconcat ("unix:path=", socket_path, NULL);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static void
test_automatic_falls_back_to_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *password = NULL;
  GStatBuf st;

  if (g_test_subprocess ())
    {
      g_autoptr (SlCredentials) credentials = NULL;

      lose_session_bus (fixture);
      credentials = sl_credentials_new (fixture->data_dir);

      store (credentials, 3, "root", "headless secret");
      g_assert_cmpint (g_stat (fixture->credentials_path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 07777, ==, 0600);
      assert_lookup (credentials, 3, "root", "headless secret");
      password = lookup_async (credentials, 3, NULL);
      g_assert_cmpstr (password, ==, "headless secret");
      g_assert_true (log_contains ("No Secret Service"));
      forget (credentials, 3);
      assert_lookup (credentials, 3, NULL, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, DEADLINE_SECONDS * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_secret_service_unreachable (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (SlCredentials) credentials = NULL;
      g_autoptr (GError) error = NULL;

      lose_session_bus (fixture);
      credentials = sl_credentials_new (fixture->data_dir);

      g_assert_false (sl_credentials_store (credentials, 4, "root", "nowhere", &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Cannot reach the Secret Service"));
      g_assert_nonnull (strstr (error->message, "SL_CREDENTIALS_BACKEND=file"));
      g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
      return;
    }

  g_test_trap_subprocess (NULL, DEADLINE_SECONDS * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_file_round_trip (Fixture *fixture, gconstpointer data)
{
  g_autofree char *contents = NULL;
  GStatBuf st;

  store (fixture->credentials, 5, "root", "file secret");
  g_assert_cmpint (g_stat (fixture->credentials_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_uid, ==, getuid ());

  assert_lookup (fixture->credentials, 5, "root", "file secret");
  assert_lookup (fixture->credentials, 5, NULL, "file secret");
  assert_lookup (fixture->credentials, 5, "admin", NULL);
  assert_lookup (fixture->credentials, 6, NULL, NULL);

  /* The password is not in the file as it was typed. */
  g_assert_true (g_file_get_contents (fixture->credentials_path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "file secret"));
  g_assert_nonnull (strstr (contents, "[camera 5]"));

  store (fixture->credentials, 6, "admin", "other camera");
  store (fixture->credentials, 5, "operator", "new user");
  assert_lookup (fixture->credentials, 5, "root", NULL);
  assert_lookup (fixture->credentials, 5, "operator", "new user");

  /* Rewritten in place of the old file, still private. */
  g_assert_cmpint (g_stat (fixture->credentials_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  forget (fixture->credentials, 5);
  assert_lookup (fixture->credentials, 5, NULL, NULL);
  assert_lookup (fixture->credentials, 6, "admin", "other camera");
}

static void
test_file_special_characters (Fixture *fixture, gconstpointer data)
{
  const char *passwords[] = {
    "with spaces  and trailing space ",
    "\"double\" and 'single' quotes",
    "line one\nline two\r\n",
    "tab\tbackslash\\ hash# semicolon; equals=",
    "[not a group]",
    "Gr\xc3\xbc\xc3\x9f"
    "e \xe2\x98\x83 \xe5\xaf\x86\xe7\xa0\x81",
    "",
  };
  const char *username = "user name; with = odd\ncharacters";

  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    store (fixture->credentials, (gint64)i + 1, username, passwords[i]);

  /* Read back by a new instance, from the file alone. */
  g_clear_object (&fixture->credentials);
  fixture->credentials = sl_credentials_new (fixture->data_dir);

  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    assert_lookup (fixture->credentials, (gint64)i + 1, username, passwords[i]);
}

static void
test_file_refused_when_readable_by_others (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *advice = g_strdup_printf ("run 'chmod 600 %s'.", fixture->credentials_path);
  LookupResult lookup = { 0 };

  store (fixture->credentials, 7, "root", "guarded");
  g_assert_cmpint (g_chmod (fixture->credentials_path, 0644), ==, 0);

  password = sl_credentials_lookup (fixture->credentials, 7, "root", &error);
  g_assert_null (password);
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fixture->credentials_path));
  g_assert_nonnull (strstr (error->message, "0644"));
  g_assert_true (g_str_has_suffix (error->message, advice));
  g_clear_error (&error);

  /* Nor is it rewritten, which would hide the problem. */
  g_assert_false (sl_credentials_store (fixture->credentials, 8, "root", "other", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_clear_error (&error);
  g_assert_false (sl_credentials_forget (fixture->credentials, 7, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_clear_error (&error);

  sl_credentials_lookup_async (fixture->credentials, 7, "root", NULL, looked_up, &lookup);
  wait_for (&lookup.done);
  g_assert_error (lookup.error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_clear_error (&lookup.error);

  /* 0400 is just as wrong: the rule is exactly 0600. */
  g_assert_cmpint (g_chmod (fixture->credentials_path, 0400), ==, 0);
  g_assert_null (sl_credentials_lookup (fixture->credentials, 7, "root", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (fixture->credentials_path, 0600), ==, 0);
  assert_lookup (fixture->credentials, 7, "root", "guarded");
}

static void
test_file_symlink_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target = g_build_filename (fixture->data_dir, "elsewhere", NULL);

  g_assert_true (g_file_set_contents_full (target, "", 0, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
  g_assert_cmpint (symlink (target, fixture->credentials_path), ==, 0);

  g_assert_null (sl_credentials_lookup (fixture->credentials, 7, "root", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, fixture->credentials_path));
}

static void
test_file_damaged (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *damaged = "[camera 1]\nusername=root\nthis line leaks hunter2\n";

  g_assert_true (g_file_set_contents_full (fixture->credentials_path, damaged, -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));

  g_assert_null (sl_credentials_lookup (fixture->credentials, 1, "root", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, fixture->credentials_path));
  /* The parser's own message would quote the line. */
  g_assert_null (strstr (error->message, "hunter2"));
}

static void
test_file_async (Fixture *fixture, gconstpointer data)
{
  g_autofree char *password = NULL;
  g_autofree char *unknown = NULL;
  GStatBuf st;

  store_async (fixture->credentials, 9, "root", "threaded secret");
  g_assert_cmpint (g_stat (fixture->credentials_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  password = lookup_async (fixture->credentials, 9, "root");
  g_assert_cmpstr (password, ==, "threaded secret");
  unknown = lookup_async (fixture->credentials, 10, "root");
  g_assert_null (unknown);
}

static void
test_file_forget_without_file (Fixture *fixture, gconstpointer data)
{
  forget (fixture->credentials, 11);
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
  assert_lookup (fixture->credentials, 11, NULL, NULL);
}

static void
test_unknown_backend (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCredentials) credentials = NULL;

  g_setenv ("SL_CREDENTIALS_BACKEND", "plaintext", TRUE);
  credentials = sl_credentials_new (fixture->data_dir);

  g_assert_false (sl_credentials_store (credentials, 1, "root", "x", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "SL_CREDENTIALS_BACKEND is 'plaintext'; set it to 'file' or 'secret-service', "
                   "or unset it.");
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
}

/* Runs last: every password the tests used, against everything they logged. */
static void
test_never_logged (void)
{
  const char *passwords[] = {
    "first secret",           "second secret", "third secret",    "camera 13 secret", "far away",
    "Kept-Out-Of-Files-4711", "async secret",  "async replaced",  "automatic secret", "file secret",
    "other camera",           "new user",      "threaded secret", "guarded",
  };

  /* The debug messages were there to be seen. */
  g_assert_true (log_contains ("sl-recorder"));
  g_assert_true (log_contains ("the password of camera 12 in the Secret Service"));
  g_assert_true (log_contains ("the password of camera 5 in "));

  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    g_assert_false (log_contains (passwords[i]));
}

/* The export signing key: stored, read back byte for byte, replaced; in the
 * keyring it never reaches the credentials file. */
static void
test_signing_key (Fixture *fixture, gconstpointer data)
{
  static const guint8 first[64] = { 1, 2, 3, 0, 255, 128 };
  static const guint8 second[64] = { 9, 8, 7 };
  g_autoptr (GBytes) first_key = g_bytes_new_static (first, sizeof first);
  g_autoptr (GBytes) second_key = g_bytes_new_static (second, sizeof second);
  g_autoptr (GBytes) found = NULL;
  g_autoptr (GError) error = NULL;

  found = sl_credentials_lookup_signing_key (fixture->credentials, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  g_assert_true (sl_credentials_store_signing_key (fixture->credentials, first_key, &error));
  g_assert_no_error (error);
  found = sl_credentials_lookup_signing_key (fixture->credentials, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (found, first_key));
  g_clear_pointer (&found, g_bytes_unref);

  g_assert_true (sl_credentials_store_signing_key (fixture->credentials, second_key, &error));
  found = sl_credentials_lookup_signing_key (fixture->credentials, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (found, second_key));

  g_assert_cmpint (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS), ==,
                   g_str_equal (data, "file"));
}

static void
add_test (const char *path, const char *backend, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, backend, fixture_set_up, test, fixture_tear_down);
}

int
main (int argc, char *argv[])
{
  int status;

  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
  g_log_set_debug_enabled (TRUE);

  g_test_init (&argc, &argv, NULL);

  add_test ("/credentials/secret-service/round-trip", "secret-service",
            test_secret_service_round_trip);
  add_test ("/credentials/secret-service/unknown-camera", "secret-service",
            test_secret_service_unknown_camera);
  add_test ("/credentials/secret-service/large-camera-id", "secret-service",
            test_secret_service_large_camera_id);
  add_test ("/credentials/secret-service/not-on-disk", "secret-service",
            test_secret_service_not_on_disk);
  add_test ("/credentials/secret-service/async", "secret-service", test_async);
  add_test ("/credentials/secret-service/async-cancelled", "secret-service", test_async_cancelled);
  add_test ("/credentials/secret-service/unreachable", "secret-service",
            test_secret_service_unreachable);
  add_test ("/credentials/automatic/prefers-secret-service", NULL,
            test_automatic_prefers_secret_service);
  add_test ("/credentials/automatic/falls-back-to-file", NULL, test_automatic_falls_back_to_file);
  add_test ("/credentials/file/round-trip", "file", test_file_round_trip);
  add_test ("/credentials/file/special-characters", "file", test_file_special_characters);
  add_test ("/credentials/file/refused-when-readable-by-others", "file",
            test_file_refused_when_readable_by_others);
  add_test ("/credentials/file/symlink-refused", "file", test_file_symlink_refused);
  add_test ("/credentials/file/damaged", "file", test_file_damaged);
  add_test ("/credentials/file/async", "file", test_file_async);
  add_test ("/credentials/file/forget-without-file", "file", test_file_forget_without_file);
  add_test ("/credentials/backend/unknown", "file", test_unknown_backend);
  add_test ("/credentials/secret-service/signing-key", "secret-service", test_signing_key);
  add_test ("/credentials/file/signing-key", "file", test_signing_key);
  /* Last: its own suite, created after the others, runs after them. */
  g_test_add_func ("/credentials/logs/never-hold-passwords", test_never_logged);

  /* Subprocesses run one test each and bring their own (absent) bus. */
  if (!g_test_subprocess ())
    start_keyring_daemon ();

  status = g_test_run ();

  if (!g_test_subprocess ())
    stop_keyring_daemon ();

  return status;
}
