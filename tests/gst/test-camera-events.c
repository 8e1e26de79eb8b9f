// SPDX-License-Identifier: GPL-3.0-or-later
#include "config.h"

#include "recording-fixture.h"
#include "sl-camera-events.h"

/* The recorder's event channel against sightline-camsim over a real
 * WebSocket with digest authentication: motion and input changes injected
 * through /sim/ become catalog rows within a second and move the camera's
 * "motion" property; a dropped connection closes the open ranges and comes
 * back by itself. */

static const char *const with_password[] = {
  "--username", "root", "--password", "pass", NULL,
};

typedef struct
{
  Recording *f;
  gint64 camera_id;
  SlCameraEvents *channel;
  GArray *motion_values; /* gboolean, every notify::motion */
  const char *type;
  const char *source;
  SlEventPhase phase;
  guint n_rows;
} EventTest;

static void
motion_notify_cb (SlCamera *camera, GParamSpec *pspec, EventTest *t)
{
  gboolean motion = sl_camera_get_motion (camera);

  g_array_append_val (t->motion_values, motion);
}

static gboolean
channel_connected (gpointer data)
{
  return sl_camera_events_get_connected (((EventTest *)data)->channel);
}

static gboolean
channel_disconnected (gpointer data)
{
  return !channel_connected (data);
}

/* The newest row is the expected one, and there are n_rows in all. */
static gboolean
row_arrived (gpointer data)
{
  EventTest *t = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows =
      sl_catalog_list_events (t->f->dir->catalog, t->camera_id, 0, G_MAXINT64, 0, &error);
  SlEvent *last;

  g_assert_no_error (error);
  if (rows->len < t->n_rows)
    return FALSE;
  g_assert_cmpuint (rows->len, ==, t->n_rows);
  last = rows->pdata[rows->len - 1];
  g_assert_cmpstr (last->type, ==, t->type);
  g_assert_cmpstr (last->source, ==, t->source);
  g_assert_cmpint (last->phase, ==, t->phase);
  return TRUE;
}

/* Injects @command and expects row number @n_rows, within a second. */
static void
expect_row (EventTest *t,
            const char *command,
            guint n_rows,
            const char *type,
            const char *source,
            SlEventPhase phase)
{
  gint64 injected_at = g_get_real_time ();
  g_autoptr (GPtrArray) rows = NULL;

  t->n_rows = n_rows;
  t->type = type;
  t->source = source;
  t->phase = phase;
  if (command != NULL)
    camsim_control (t->f->sim, 0, command);
  g_assert_true (wait_until (row_arrived, t, 1000));
  if (command == NULL)
    return;
  /* Stamped when it arrived: after the injection, within a second. */
  rows = sl_catalog_list_events (t->f->dir->catalog, t->camera_id, 0, G_MAXINT64, 0, NULL);
  g_assert_cmpint (((SlEvent *)rows->pdata[n_rows - 1])->time_us, >=, injected_at);
  g_assert_cmpint (((SlEvent *)rows->pdata[n_rows - 1])->time_us - injected_at, <, G_USEC_PER_SEC);
}

static void
test_motion_and_inputs (Recording *f, gconstpointer data)
{
  EventTest t = { .f = f };
  g_autoptr (SlCameraRecord) record = NULL;
  g_autoptr (GArray) motion_values = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  JsonObject *camera_json = camsim_camera (f->sim, 0);
  SlCamera *camera;

  t.motion_values = motion_values;
  t.camera_id = data_dir_add_camera (f->dir, f->sim, 0, "sub", "pass");
  record = data_dir_get_camera (f->dir, t.camera_id);
  g_free (record->driver);
  record->driver = g_strdup ("vapix");
  record->address = g_strdup_printf ("127.0.0.1:%" G_GINT64_FORMAT,
                                     json_object_get_int_member (camera_json, "http_port"));
  data_dir_update_camera (f->dir, record);

  g_assert_true (sl_recorder_start (f->recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_recorder_get_event_channels (f->recorder)->len, ==, 1);
  t.channel = sl_recorder_get_event_channels (f->recorder)->pdata[0];
  camera = sl_camera_events_get_camera (t.channel);
  g_assert_cmpint (sl_camera_get_id (camera), ==, t.camera_id);
  g_signal_connect (camera, "notify::motion", G_CALLBACK (motion_notify_cb), &t);
  g_assert_true (wait_until (channel_connected, &t, 10000));

  /* The state announced at subscription (all inactive) is no event. */
  rows = sl_catalog_list_events (f->dir->catalog, t.camera_id, 0, G_MAXINT64, 0, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_false (sl_camera_get_motion (camera));

  expect_row (&t, "motion?state=on", 1, "motion", NULL, SL_EVENT_START);
  g_assert_true (sl_camera_get_motion (camera));
  expect_row (&t, "input?port=2&state=on", 2, "input", "2", SL_EVENT_START);
  expect_row (&t, "input?port=2&state=off", 3, "input", "2", SL_EVENT_END);
  expect_row (&t, "motion?state=off", 4, "motion", NULL, SL_EVENT_END);
  g_assert_false (sl_camera_get_motion (camera));
  g_assert_cmpuint (motion_values->len, ==, 2);
  g_assert_true (g_array_index (motion_values, gboolean, 0));
  g_assert_false (g_array_index (motion_values, gboolean, 1));

  /* Motion while the connection drops: its range ends there, and the state
   * announced after the reconnection starts a new one. */
  expect_row (&t, "motion?state=on", 5, "motion", NULL, SL_EVENT_START);
  expect_row (&t, "network?state=down", 6, "motion", NULL, SL_EVENT_END);
  g_assert_true (wait_until (channel_disconnected, &t, 1000));
  g_assert_false (sl_camera_get_motion (camera));
  camsim_control (f->sim, 0, "network?state=up");
  g_assert_true (wait_until (channel_connected, &t, 5000));
  expect_row (&t, NULL, 7, "motion", NULL, SL_EVENT_START);
  g_assert_true (sl_camera_get_motion (camera));

  /* Stopping ends what is still active. */
  stop_recorder (f->recorder);
  g_assert_false (sl_camera_get_motion (camera));
  expect_row (&t, NULL, 8, "motion", NULL, SL_EVENT_END);
  g_assert_cmpuint (motion_values->len, ==, 6);
  g_signal_handlers_disconnect_by_data (camera, &t);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  recording_test_add ("/gst/camera-events/motion-and-inputs", with_password,
                      test_motion_and_inputs);
  return g_test_run ();
}
