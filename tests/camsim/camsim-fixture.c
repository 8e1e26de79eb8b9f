// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>

#include "camsim-fixture.h"

#define START_TIMEOUT_MS 15000

typedef struct
{
  GDataInputStream *input;
  GPtrArray *lines;
  guint wanted;
  gboolean failed;
} LineReader;

static void read_next_line (LineReader *reader);

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LineReader *reader = user_data;
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &error);

  if (line == NULL)
    {
      reader->failed = TRUE;
      return;
    }
  g_ptr_array_add (reader->lines, line);
  read_next_line (reader);
}

static void
read_next_line (LineReader *reader)
{
  if (reader->lines->len < reader->wanted)
    g_data_input_stream_read_line_async (reader->input, G_PRIORITY_DEFAULT, NULL, line_read_cb,
                                         reader);
}

static gboolean
reader_done (gpointer data)
{
  LineReader *reader = data;

  return reader->failed || reader->lines->len >= reader->wanted;
}

gboolean
wait_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      if (!done (data))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
time_is_up (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *)data;
}

void
run_for (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  wait_until (time_is_up, &until, (guint)(seconds * 1000) + 1000);
}

static void
authenticate_cb (SoupMessage *msg, SoupAuth *auth, gboolean retrying, gpointer user_data)
{
  const char *const *credentials = user_data;

  if (!retrying && credentials[0] != NULL)
    soup_auth_authenticate (auth, credentials[0], credentials[1]);
}

static void
die_with_parent (gpointer user_data)
{
  /* A failed assertion aborts the test; the simulator must not outlive it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

Camsim *
camsim_start (const char *const *args)
{
  const char *binary = g_getenv ("SL_CAMSIM");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  Camsim *sim = g_new0 (Camsim, 1);
  LineReader reader = { 0 };
  guint n_cameras = 1;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  g_ptr_array_add (argv, (gpointer) "--json");
  for (guint i = 0; args && args[i]; i++)
    {
      g_ptr_array_add (argv, (gpointer)args[i]);
      if (g_str_equal (args[i], "--cameras") && args[i + 1])
        n_cameras = atoi (args[i + 1]);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);

  reader.input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  reader.lines = g_ptr_array_new_with_free_func (g_free);
  reader.wanted = n_cameras;
  read_next_line (&reader);
  g_assert_true (wait_until (reader_done, &reader, START_TIMEOUT_MS));
  g_assert_false (reader.failed);

  sim->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  for (guint i = 0; i < reader.lines->len; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (reader.lines->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (sim->cameras, json_object_ref (json_node_get_object (node)));
    }
  g_ptr_array_unref (reader.lines);
  g_object_unref (reader.input);

  sim->session = soup_session_new_with_options ("timeout", 10, NULL);
  return sim;
}

void
camsim_stop (Camsim *sim)
{
  g_autoptr (GError) error = NULL;

  /* SIGTERM must end the simulator cleanly and promptly. */
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_assert_true (g_subprocess_wait (sim->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
  g_object_unref (sim->process);
  g_ptr_array_unref (sim->cameras);
  g_object_unref (sim->session);
  g_free (sim);
}

JsonObject *
camsim_camera (Camsim *sim, guint index)
{
  g_assert_cmpuint (index, <, sim->cameras->len);
  return sim->cameras->pdata[index];
}

const char *
camsim_rtsp_url (Camsim *sim, guint index, const char *profile)
{
  return json_object_get_string_member (
      json_object_get_object_member (camsim_camera (sim, index), "rtsp"), profile);
}

GBytes *
camsim_http (Camsim *sim,
             guint index,
             const char *method,
             const char *path_and_query,
             const char *user,
             const char *password,
             guint *status)
{
  const char *base = json_object_get_string_member (camsim_camera (sim, index), "http");
  g_autofree char *url = g_strconcat (base, path_and_query + (path_and_query[0] == '/'), NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  const char *credentials[2] = { user, password };
  /* A session per request: the auth manager would otherwise reuse the
   * credentials of an earlier request to the same realm. */
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr (GError) error = NULL;
  GBytes *body;

  g_assert_nonnull (msg);
  g_signal_connect (msg, "authenticate", G_CALLBACK (authenticate_cb), credentials);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return body;
}

void
camsim_control (Camsim *sim, guint index, const char *command)
{
  g_autofree char *path = g_strconcat ("/sim/", command, NULL);
  guint status = 0;
  g_autoptr (GBytes) body = camsim_http (sim, index, "POST", path, NULL, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
}
