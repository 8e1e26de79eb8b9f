// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "recording-fixture.h"
#include "sl-player.h"

G_BEGIN_DECLS

/* Recordings to play back: one camsim camera (320x180, 15 fps, a key frame
 * every second) recorded for @before seconds, its network down for @gap
 * seconds, then recorded for @after seconds more. */
typedef struct
{
  Camsim *sim;
  DataDir *dir;
  gint64 camera_id;
} PlaybackRecording;

PlaybackRecording *playback_recording_new (double before, double gap, double after);
/* The same with the camera's RTSP query (resolution, fps, ...). */
PlaybackRecording *
playback_recording_new_with_query (const char *query, double before, double gap, double after);
void playback_recording_free (PlaybackRecording *recording);
/* The main-stream segments (full rows) by start. */
GPtrArray *playback_recording_segments (PlaybackRecording *recording);

/* Cuts every segment of camera @camera_id into pieces of about @piece
 * seconds, cut on key frames by splitmuxsink as the recorder cuts its
 * one-minute segments, and indexes the pieces in their place, so that tests
 * cross segment boundaries without recording for minutes. */
void playback_split_segments (DataDir *dir, gint64 camera_id, double piece);

/* The time strip of a decoded BGRA frame (milliseconds since the epoch). */
gboolean bgra_sample_time_strip (GstSample *sample, gint64 *time_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlaybackRecording, playback_recording_free)

G_END_DECLS
