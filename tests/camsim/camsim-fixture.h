// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A running sightline-camsim process and the cameras it announced. */
typedef struct
{
  GSubprocess *process;
  GPtrArray *cameras; /* JsonObject */
  SoupSession *session;
} Camsim;

Camsim *camsim_start (const char *const *args);
void camsim_stop (Camsim *sim);
JsonObject *camsim_camera (Camsim *sim, guint index);
const char *camsim_rtsp_url (Camsim *sim, guint index, const char *profile);
GBytes *camsim_http (Camsim *sim,
                     guint index,
                     const char *method,
                     const char *path_and_query,
                     const char *user,
                     const char *password,
                     guint *status);
void camsim_control (Camsim *sim, guint index, const char *command);
gboolean wait_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms);
/* Runs the main loop (frames keep arriving and showing) for @seconds. */
void run_for (double seconds);

/* Writes a 2 s H.264 clip in Matroska to @path: 30 frames of a ball, 320x240
 * at 15 fps, a key frame every second. */
void camsim_make_clip (const char *path);
/* Reads the time strip of a decoded I420 frame (milliseconds since the
 * epoch); FALSE when the frame has none. */
gboolean camsim_sample_time_strip (GstSample *sample, gint64 *time_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Camsim, camsim_stop)

G_END_DECLS
