// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-catalog.h"

/* The catalog's value types: stable names of the enumerations and the
 * copy and free functions of the records. */

static const char *const recording_type_names[] = {
  [SL_RECORDING_CONTINUOUS] = "continuous",
  [SL_RECORDING_MOTION] = "motion",
  [SL_RECORDING_MANUAL] = "manual",
  [SL_RECORDING_RULE] = "rule",
};

static const char *const gap_reason_names[] = {
  [SL_GAP_CONNECTION_LOST] = "connection-lost",   [SL_GAP_AUTH_REFUSED] = "auth-refused",
  [SL_GAP_STREAM_ENDED] = "stream-ended",         [SL_GAP_STORAGE_ERROR] = "storage-error",
  [SL_GAP_STORAGE_FULL] = "storage-full",         [SL_GAP_RECORDER_STOPPED] = "recorder-stopped",
  [SL_GAP_RECORDER_CRASHED] = "recorder-crashed", [SL_GAP_CLOCK_STEP] = "clock-step",
  [SL_GAP_CAMERA_DISABLED] = "camera-disabled",   [SL_GAP_OUTSIDE_SCHEDULE] = "outside-schedule",
};

static const char *const log_kind_names[] = {
  [SL_LOG_ALARM] = "alarm",
  [SL_LOG_EVENT] = "event",
  [SL_LOG_AUDIT] = "audit",
};

static const char *const transport_names[] = {
  [SL_TRANSPORT_TCP_THEN_UDP] = "tcp-then-udp",
  [SL_TRANSPORT_UDP_THEN_TCP] = "udp-then-tcp",
  [SL_TRANSPORT_TCP] = "tcp",
  [SL_TRANSPORT_UDP] = "udp",
};

static const char *
name_of (const char *const *names, guint n_names, int value)
{
  g_return_val_if_fail (value >= 0 && (guint)value < n_names, NULL);

  return names[value];
}

static gboolean
value_of (const char *const *names, guint n_names, const char *text, int *value)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], text))
      {
        *value = (int)i;
        return TRUE;
      }
  return FALSE;
}

/* Defines sl_@name_to_string (Type @arg) and sl_@name_from_string (text,
 * Type *@arg) on the table @name_names. */
#define DEFINE_NAME_FUNCTIONS(Type, name, arg)                                                     \
  const char *sl_##name##_to_string (Type arg)                                                     \
  {                                                                                                \
    return name_of (name##_names, G_N_ELEMENTS (name##_names), arg);                               \
  }                                                                                                \
                                                                                                   \
  gboolean sl_##name##_from_string (const char *text, Type *arg)                                   \
  {                                                                                                \
    int value;                                                                                     \
                                                                                                   \
    g_return_val_if_fail (arg != NULL, FALSE);                                                     \
                                                                                                   \
    if (!value_of (name##_names, G_N_ELEMENTS (name##_names), text, &value))                       \
      return FALSE;                                                                                \
    *arg = value;                                                                                  \
    return TRUE;                                                                                   \
  }

DEFINE_NAME_FUNCTIONS (SlRecordingType, recording_type, type)
DEFINE_NAME_FUNCTIONS (SlGapReason, gap_reason, reason)
DEFINE_NAME_FUNCTIONS (SlTransport, transport, transport)
DEFINE_NAME_FUNCTIONS (SlLogKind, log_kind, kind)

const char *
sl_gap_reason_describe (SlGapReason reason)
{
  switch (reason)
    {
      case SL_GAP_CONNECTION_LOST:
        return _ ("The connection to the camera was lost");
      case SL_GAP_AUTH_REFUSED:
        return _ ("The camera refused the user name or password");
      case SL_GAP_STREAM_ENDED:
        return _ ("The camera stopped sending video");
      case SL_GAP_STORAGE_ERROR:
        return _ ("The recording could not be written to the storage");
      case SL_GAP_STORAGE_FULL:
        return _ ("The storage was full");
      case SL_GAP_RECORDER_STOPPED:
        return _ ("The recorder was stopped");
      case SL_GAP_RECORDER_CRASHED:
        return _ ("The recorder stopped unexpectedly");
      case SL_GAP_CLOCK_STEP:
        return _ ("The computer's clock was changed");
      case SL_GAP_CAMERA_DISABLED:
        return _ ("The camera was disabled");
      case SL_GAP_OUTSIDE_SCHEDULE:
        return _ ("Outside the recording schedule");
      default:
        g_return_val_if_reached (NULL);
    }
}

/* ---- Records ------------------------------------------------------------ */

SlStorageRoot *
sl_storage_root_copy (const SlStorageRoot *root)
{
  SlStorageRoot *copy;

  g_return_val_if_fail (root != NULL, NULL);

  copy = g_memdup2 (root, sizeof *root);
  copy->path = g_strdup (root->path);
  return copy;
}

void
sl_storage_root_free (SlStorageRoot *root)
{
  if (root == NULL)
    return;
  g_free (root->path);
  g_free (root);
}

SlCameraRecord *
sl_camera_record_copy (const SlCameraRecord *camera)
{
  SlCameraRecord *copy;

  g_return_val_if_fail (camera != NULL, NULL);

  copy = g_memdup2 (camera, sizeof *camera);
  copy->name = g_strdup (camera->name);
  copy->driver = g_strdup (camera->driver);
  copy->address = g_strdup (camera->address);
  copy->username = g_strdup (camera->username);
  copy->model = g_strdup (camera->model);
  copy->serial = g_strdup (camera->serial);
  copy->main_url = g_strdup (camera->main_url);
  copy->sub_url = g_strdup (camera->sub_url);
  return copy;
}

void
sl_camera_record_free (SlCameraRecord *camera)
{
  if (camera == NULL)
    return;
  g_free (camera->name);
  g_free (camera->driver);
  g_free (camera->address);
  g_free (camera->username);
  g_free (camera->model);
  g_free (camera->serial);
  g_free (camera->main_url);
  g_free (camera->sub_url);
  g_free (camera);
}

SlSegment *
sl_segment_copy (const SlSegment *segment)
{
  SlSegment *copy;

  g_return_val_if_fail (segment != NULL, NULL);

  copy = g_memdup2 (segment, sizeof *segment);
  copy->stream = g_strdup (segment->stream);
  copy->path = g_strdup (segment->path);
  copy->codec = g_strdup (segment->codec);
  return copy;
}

void
sl_segment_free (SlSegment *segment)
{
  if (segment == NULL)
    return;
  g_free (segment->stream);
  g_free (segment->path);
  g_free (segment->codec);
  g_free (segment);
}

SlGap *
sl_gap_copy (const SlGap *gap)
{
  g_return_val_if_fail (gap != NULL, NULL);

  return g_memdup2 (gap, sizeof *gap);
}

SlBookmark *
sl_bookmark_copy (const SlBookmark *bookmark)
{
  SlBookmark *copy;

  g_return_val_if_fail (bookmark != NULL, NULL);

  copy = g_memdup2 (bookmark, sizeof *bookmark);
  copy->name = g_strdup (bookmark->name);
  copy->description = g_strdup (bookmark->description);
  return copy;
}

void
sl_bookmark_free (SlBookmark *bookmark)
{
  if (bookmark == NULL)
    return;
  g_free (bookmark->name);
  g_free (bookmark->description);
  g_free (bookmark);
}

SlLogEntry *
sl_log_entry_copy (const SlLogEntry *entry)
{
  SlLogEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->type = g_strdup (entry->type);
  copy->message = g_strdup (entry->message);
  return copy;
}

void
sl_log_entry_free (SlLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->type);
  g_free (entry->message);
  g_free (entry);
}

SlOpenSegment *
sl_open_segment_copy (const SlOpenSegment *open)
{
  SlOpenSegment *copy;

  g_return_val_if_fail (open != NULL, NULL);

  copy = g_memdup2 (open, sizeof *open);
  copy->stream = g_strdup (open->stream);
  copy->path = g_strdup (open->path);
  return copy;
}

void
sl_open_segment_free (SlOpenSegment *open)
{
  if (open == NULL)
    return;
  g_free (open->stream);
  g_free (open->path);
  g_free (open);
}
