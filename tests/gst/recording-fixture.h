// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gst/gst.h>

#include "camsim-fixture.h"
#include "sl-catalog.h"
#include "sl-credentials.h"
#include "sl-recorder.h"

G_BEGIN_DECLS

/* A temporary data directory with a catalog, and the cameras of a running
 * simulator added to it. */
typedef struct
{
  char *data_dir;
  SlCatalog *catalog;
  SlCredentials *credentials;
} DataDir;

/* Removes the folder @path and everything in it (symbolic links, not what
 * they point to). */
void remove_tree (const char *path);

DataDir *data_dir_new (void);
void data_dir_free (DataDir *dir);
gint64 data_dir_add_camera (
    DataDir *dir, Camsim *sim, guint index, const char *profile, const char *password);

/* The catalog row of camera @camera_id, and saving it once changed. */
SlCameraRecord *data_dir_get_camera (DataDir *dir, gint64 camera_id);
void data_dir_update_camera (DataDir *dir, const SlCameraRecord *record);

/* What a recording test starts from: a data folder, a recorder on it (not
 * started) and, unless @camsim_args is %NULL, a simulator started with them. */
typedef struct
{
  Camsim *sim;
  DataDir *dir;
  SlRecorder *recorder;
} Recording;

/* g_test_add() with a #Recording. */
void recording_test_add (const char *path,
                         const char *const *camsim_args,
                         void (*test) (Recording *fixture, gconstpointer camsim_args));

SlCamera *find_camera (SlRecorder *recorder, gint64 camera_id);
gboolean wait_for_state (SlCamera *camera, SlCameraState state, guint timeout_ms);
/* Starts @recorder and waits until camera @camera_id is in @state. */
SlCamera *
start_recorder (SlRecorder *recorder, gint64 camera_id, SlCameraState state, guint timeout_ms);
void stop_recorder (SlRecorder *recorder);
/* Starts @recorder, records camera @camera_id for @seconds once it records,
 * and stops. */
void record_for (SlRecorder *recorder, gint64 camera_id, double seconds);

/* Plays the file at @path into @elements, a gst-launch description whose
 * samples go to an appsink named "sink"; returns the playing pipeline. */
GstElement *play_file (const char *path, const char *elements, GstElement **sink);

/* Decodes a recorded segment and reads the time strips of its first and last
 * frames (milliseconds since the epoch); returns the number of frames. */
guint read_segment_strips (const char *path, gint64 *first_ms, gint64 *last_ms);

/* What decoding an exported file to its end gave; time strips in ms of
 * recording time, the drift is the largest |strip - output time|. */
typedef struct
{
  guint frames;
  GstClockTime first_pts;
  GstClockTime last_pts;
  GstClockTime max_step; /* the longest time between two frames */
  gint64 first_strip_ms;
  gint64 last_strip_ms;
  gint64 max_drift_us;
} Decoded;

/* Plays the exported file at @path to its end through decodebin, as a
 * player would; fails on an error. */
void decode_exported_file (const char *path, Decoded *decoded);

/* Plays the exported file at @path to the end through decodebin, as a
 * player would, and checks that it holds the range from @from_us to @to_us
 * of a camera whose key frames are @gop_us apart and frames @frame_us:
 * from the key frame at or before @from_us (within a GOP) to the last frame
 * at or before @to_us (within a frame), without a hole, by its timestamps
 * and the time strips of its first and last frames. */
void check_exported_range (
    const char *path, gint64 from_us, gint64 to_us, gint64 gop_us, gint64 frame_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DataDir, data_dir_free)

G_END_DECLS
