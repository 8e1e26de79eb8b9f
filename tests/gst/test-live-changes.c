// SPDX-License-Identifier: GPL-3.0-or-later

/* Cameras added, renamed, disabled, enabled and removed while the recorder
 * runs, against a camera of sightline-camsim. */

#include "config.h"

#include "recording-fixture.h"
#include "sl-error.h"

#define TIMEOUT_MS 20000

static const char *const two_cameras[] = { "--cameras", "2", NULL };

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ((Wait *)user_data)->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Wait *)data)->result != NULL;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_assert_true (wait_until (have_result, wait, TIMEOUT_MS));
  return wait->result;
}

static void
count_signal (SlRecorder *recorder, SlCamera *camera, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static SlCamera *
add_camera (SlRecorder *recorder, Camsim *sim, guint index, const char *name, GError **error)
{
  SlCameraRecord record = { 0 };
  Wait wait = { 0 };
  SlCamera *camera;

  record.name = (char *)name;
  record.driver = (char *)"rtsp";
  record.main_url = (char *)camsim_rtsp_url (sim, index, "sub");
  record.enabled = TRUE;
  sl_recorder_add_camera_async (recorder, &record, NULL, NULL, store_result_cb, &wait);
  camera = sl_recorder_add_camera_finish (recorder, wait_result (&wait), error);
  g_object_unref (wait.result);
  return camera;
}

static void
test_live_changes (Recording *fixture, gconstpointer data)
{
  SlRecorder *recorder = fixture->recorder;
  g_autoptr (GError) error = NULL;
  g_autoptr (SlCamera) camera = NULL;
  g_autoptr (SlCamera) yard = NULL;
  g_autoptr (SlCameraRecord) row = NULL;
  g_autoptr (GPtrArray) segments = NULL;
  g_autoptr (GPtrArray) gaps = NULL;
  guint added = 0, removed = 0, n_deleted = 0;
  gboolean disabled_gap = FALSE;
  g_autofree char *clip = NULL;
  g_autofree char *missing = NULL;
  g_autoptr (SlCamera) file_camera = NULL;
  SlCameraRecord file_record = { 0 };
  SlCamera *current;
  gint64 id;
  Wait wait = { 0 };

  g_assert_true (sl_recorder_start (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_recorder_get_cameras (recorder)->len, ==, 0);
  g_signal_connect (recorder, "camera-added", G_CALLBACK (count_signal), &added);
  g_signal_connect (recorder, "camera-removed", G_CALLBACK (count_signal), &removed);

  /* Added: recording at once. */
  camera = add_camera (recorder, fixture->sim, 0, "Gate", &error);
  g_assert_no_error (error);
  id = sl_camera_get_id (camera);
  g_assert_cmpuint (added, ==, 1);
  g_assert_true (find_camera (recorder, id) == camera);
  g_assert_true (wait_for_state (camera, SL_CAMERA_STATE_RECORDING, TIMEOUT_MS));

  /* The same name again is refused with a message. */
  g_assert_null (add_camera (recorder, fixture->sim, 0, "gate", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_EXISTS);
  g_clear_error (&error);

  /* Renamed without interrupting it. */
  sl_recorder_rename_camera_async (recorder, id, "Front gate", NULL, store_result_cb, &wait);
  g_assert_true (sl_recorder_rename_camera_finish (recorder, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  row = data_dir_get_camera (fixture->dir, id);
  g_assert_cmpstr (row->name, ==, "Front gate");
  g_assert_cmpstr (sl_recorder_get_camera_record (recorder, id)->name, ==, "Front gate");
  /* Live tiles and lists show the SlCamera's name ("name" notifies). */
  g_assert_cmpstr (sl_camera_get_name (camera), ==, "Front gate");
  g_assert_cmpint (sl_camera_get_state (camera), ==, SL_CAMERA_STATE_RECORDING);

  /* Disabled: a new, idle SlCamera replaces it; enabled: recording again. */
  run_for (1.5);
  sl_recorder_set_camera_enabled_async (recorder, id, FALSE, NULL, store_result_cb, &wait);
  g_assert_true (sl_recorder_set_camera_enabled_finish (recorder, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 2);
  current = find_camera (recorder, id);
  g_assert_true (current != camera);
  g_assert_cmpint (sl_camera_get_state (current), ==, SL_CAMERA_STATE_DISABLED);
  g_clear_pointer (&row, sl_camera_record_free);
  row = data_dir_get_camera (fixture->dir, id);
  g_assert_false (row->enabled);

  run_for (2.5);
  sl_recorder_set_camera_enabled_async (recorder, id, TRUE, NULL, store_result_cb, &wait);
  g_assert_true (sl_recorder_set_camera_enabled_finish (recorder, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  current = find_camera (recorder, id);
  g_assert_true (wait_for_state (current, SL_CAMERA_STATE_RECORDING, TIMEOUT_MS));
  run_for (1.5);

  /* Removed, keeping its recordings: the time it was disabled is a gap. */
  sl_recorder_remove_camera_async (recorder, id, FALSE, NULL, store_result_cb, &wait);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_true (
      sl_recorder_remove_camera_finish (recorder, wait_result (&wait), &n_deleted, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (n_deleted, ==, 0);
  g_assert_null (sl_recorder_find_camera (recorder, id));
  g_assert_true (sl_catalog_query_timeline (fixture->dir->catalog, id, 0, G_MAXINT64, &segments,
                                            &gaps, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, >=, 2);
  for (guint i = 0; i < gaps->len; i++)
    {
      const SlGap *gap = gaps->pdata[i];

      if (gap->reason == SL_GAP_CAMERA_DISABLED && gap->end_us - gap->start_us > G_USEC_PER_SEC)
        disabled_gap = TRUE;
    }
  g_assert_true (disabled_gap);

  /* Removed with its recordings: the files go now. */
  yard = add_camera (recorder, fixture->sim, 1, "Yard", &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_state (yard, SL_CAMERA_STATE_RECORDING, TIMEOUT_MS));
  run_for (1.5);
  sl_recorder_remove_camera_async (recorder, sl_camera_get_id (yard), TRUE, NULL, store_result_cb,
                                   &wait);
  g_assert_true (
      sl_recorder_remove_camera_finish (recorder, wait_result (&wait), &n_deleted, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (n_deleted, >=, 1);
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_assert_true (sl_catalog_query_timeline (fixture->dir->catalog, sl_camera_get_id (yard), 0,
                                            G_MAXINT64, &segments, NULL, &error));
  g_assert_cmpuint (segments->len, ==, 0);

  /* A prerecorded video file plays as a camera; a missing one is refused. */
  clip = g_build_filename (fixture->dir->data_dir, "clip.mkv", NULL);
  camsim_make_clip (clip);
  file_record.name = (char *)"Lobby video";
  file_record.driver = (char *)"file";
  file_record.address = (char *)clip;
  file_record.main_url = (char *)clip;
  file_record.enabled = TRUE;
  sl_recorder_add_camera_async (recorder, &file_record, NULL, NULL, store_result_cb, &wait);
  file_camera = sl_recorder_add_camera_finish (recorder, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_true (wait_for_state (file_camera, SL_CAMERA_STATE_RECORDING, TIMEOUT_MS));

  missing = g_build_filename (fixture->dir->data_dir, "missing.mkv", NULL);
  file_record.name = (char *)"Missing video";
  file_record.address = missing;
  file_record.main_url = missing;
  sl_recorder_add_camera_async (recorder, &file_record, NULL, NULL, store_result_cb, &wait);
  g_assert_null (sl_recorder_add_camera_finish (recorder, wait_result (&wait), &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  stop_recorder (recorder);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  recording_test_add ("/recorder/live-changes", two_cameras, test_live_changes);

  return g_test_run ();
}
