// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The catalog: one SQLite database (catalog.db in the data directory, WAL)
 * holding configuration, the recording index, events and logs. Times are UTC
 * microseconds since the epoch. SQLite is only ever used on the catalog's own
 * worker thread: the *_async functions never block; the plain functions wait
 * for the worker and are for the command line and for threads other than the
 * main thread. */

#define SL_CATALOG_FILE_NAME      "catalog.db"
#define SL_CATALOG_SCHEMA_VERSION 1

typedef enum
{
  SL_RECORDING_CONTINUOUS,
  SL_RECORDING_MOTION,
  SL_RECORDING_MANUAL,
  SL_RECORDING_RULE,
} SlRecordingType;

typedef enum
{
  SL_GAP_CONNECTION_LOST,
  SL_GAP_AUTH_REFUSED,
  SL_GAP_STREAM_ENDED,
  SL_GAP_STORAGE_ERROR,
  SL_GAP_STORAGE_FULL,
  SL_GAP_RECORDER_STOPPED,
  SL_GAP_RECORDER_CRASHED, /* "recorder stopped unexpectedly" */
  SL_GAP_CLOCK_STEP,
  SL_GAP_CAMERA_DISABLED,
  SL_GAP_OUTSIDE_SCHEDULE,
} SlGapReason;

typedef enum
{
  SL_LOG_ALARM,
  SL_LOG_EVENT,
  SL_LOG_AUDIT,
} SlLogKind;

typedef enum
{
  SL_TRANSPORT_TCP_THEN_UDP, /* default */
  SL_TRANSPORT_UDP_THEN_TCP,
  SL_TRANSPORT_TCP,
  SL_TRANSPORT_UDP,
} SlTransport;

/* Stable names, used in the catalog, the command line and JSON output. */
const char *sl_recording_type_to_string (SlRecordingType type);
const char *sl_gap_reason_to_string     (SlGapReason     reason);
const char *sl_gap_reason_describe      (SlGapReason     reason); /* translated sentence */
gboolean    sl_gap_reason_from_string   (const char     *text,
                                         SlGapReason    *reason);
const char *sl_transport_to_string      (SlTransport     transport);
gboolean    sl_transport_from_string    (const char     *text,
                                         SlTransport    *transport);

typedef struct
{
  gint64 id;
  char *path;
  gint64 max_bytes;        /* 0: no limit but free space */
  double min_free_percent; /* default 5 */
} SlStorageRoot;

typedef struct
{
  gint64 id;
  char *name;
  char *driver;       /* "rtsp", "vapix" or "file" */
  char *address;      /* vapix: host[:port]; file: path; rtsp: NULL */
  char *username;     /* NULL: no credentials; the password is in the secret store */
  char *model;
  char *serial;
  char *main_url;     /* rtsp URL (or file path for "file") */
  char *sub_url;      /* NULL when the camera has no sub stream */
  gboolean enabled;
  int retention_days; /* 0: unlimited */
  gint64 storage_id;  /* 0: the default (first) storage root */
  SlTransport transport;
} SlCameraRecord;

typedef struct
{
  gint64 id;
  gint64 camera_id;
  char *stream;       /* "main" or "sub" */
  gint64 start_us;
  gint64 end_us;
  char *path;         /* absolute */
  gint64 bytes;
  gint64 frames;
  gint64 key_frames;
  SlRecordingType type;
  char *codec;        /* "h264", "h265", ... */
  int width;
  int height;
} SlSegment;

typedef struct
{
  gint64 id;
  gint64 camera_id;
  gint64 start_us;
  gint64 end_us;
  SlGapReason reason;
} SlGap;

typedef struct
{
  gint64 id;
  gint64 camera_id;
  gint64 start_us;
  gint64 end_us;
  char *name;
  char *description;
  gboolean locked;
} SlBookmark;

typedef struct
{
  gint64 id;
  gint64 time_us;
  SlLogKind kind;
  gint64 camera_id; /* 0: not about one camera */
  char *type;       /* e.g. "auth-failed", "storage-full", "connection-lost" */
  char *message;    /* translated sentence */
} SlLogEntry;

/* A segment being written: recorded before the file is created so that the
 * next start can recover it after a crash or power loss. */
typedef struct
{
  gint64 id;
  gint64 camera_id;
  char *stream;
  char *path;
  gint64 start_us;
} SlOpenSegment;

SlStorageRoot  *sl_storage_root_copy  (const SlStorageRoot  *root);
void            sl_storage_root_free  (SlStorageRoot        *root);
SlCameraRecord *sl_camera_record_copy (const SlCameraRecord *camera);
void            sl_camera_record_free (SlCameraRecord       *camera);
SlSegment      *sl_segment_copy       (const SlSegment      *segment);
void            sl_segment_free       (SlSegment            *segment);
void            sl_bookmark_free      (SlBookmark           *bookmark);
void            sl_log_entry_free     (SlLogEntry           *entry);
void            sl_open_segment_free  (SlOpenSegment        *open);
/* SlGap has no pointers: g_free it. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStorageRoot, sl_storage_root_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCameraRecord, sl_camera_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSegment, sl_segment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlBookmark, sl_bookmark_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLogEntry, sl_log_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlOpenSegment, sl_open_segment_free)

#define SL_TYPE_CATALOG (sl_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SlCatalog, sl_catalog, SL, CATALOG, GObject)

/* Opening creates the file if needed and migrates it forward. A catalog with
 * a newer schema than this program knows is refused (SL_ERROR_CATALOG). */
SlCatalog *sl_catalog_open        (const char          *path,
                                   GError             **error);
void       sl_catalog_open_async  (const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
SlCatalog *sl_catalog_open_finish (GAsyncResult        *result,
                                   GError             **error);
const char *sl_catalog_get_path   (SlCatalog           *self);

/* Every operation below exists as a blocking call (shown) and as a pair
 * sl_catalog_X_async (self, args..., cancellable, callback, user_data) /
 * sl_catalog_X_finish (self, result, error) with the same result. */

/* Storage roots. */
gint64     sl_catalog_add_storage_root   (SlCatalog *self, const char *path, gint64 max_bytes,
                                          double min_free_percent, GError **error);
gboolean   sl_catalog_update_storage_root (SlCatalog *self, const SlStorageRoot *root,
                                           GError **error);
GPtrArray *sl_catalog_list_storage_roots (SlCatalog *self, GError **error); /* SlStorageRoot */

/* Cameras (a device row and its camera row, with its streams). Names are unique
 * (case-insensitive); adding a duplicate fails with SL_ERROR_EXISTS. */
gint64     sl_catalog_add_camera    (SlCatalog *self, const SlCameraRecord *camera, GError **error);
gboolean   sl_catalog_update_camera (SlCatalog *self, const SlCameraRecord *camera, GError **error);
gboolean   sl_catalog_remove_camera (SlCatalog *self, gint64 camera_id, GError **error);
GPtrArray *sl_catalog_list_cameras  (SlCatalog *self, GError **error); /* SlCameraRecord */
SlCameraRecord *sl_catalog_find_camera (SlCatalog *self, const char *name_or_id,
                                        GError **error); /* SL_ERROR_NOT_FOUND */

/* Recording index. A segment row is added after its file is closed and
 * synced; adding it also deletes its open-segment row, in one transaction. */
gint64     sl_catalog_begin_segment  (SlCatalog *self, gint64 camera_id, const char *stream,
                                      const char *path, gint64 start_us, GError **error);
gint64     sl_catalog_add_segment    (SlCatalog *self, gint64 open_segment_id,
                                      const SlSegment *segment, GError **error);
GPtrArray *sl_catalog_list_open_segments (SlCatalog *self, GError **error); /* SlOpenSegment */
gboolean   sl_catalog_drop_open_segment  (SlCatalog *self, gint64 open_segment_id,
                                          GError **error);
gint64     sl_catalog_add_gap        (SlCatalog *self, gint64 camera_id, gint64 start_us,
                                      gint64 end_us, SlGapReason reason, GError **error);
/* Segments (SlSegment) and gaps (SlGap) of one camera overlapping [from, to),
 * ordered by start; either out-array may be NULL. Uses only the covering
 * indexes. */
gboolean   sl_catalog_query_timeline (SlCatalog *self, gint64 camera_id, gint64 from_us,
                                      gint64 to_us, GPtrArray **segments, GPtrArray **gaps,
                                      GError **error);
/* The end of the newest segment of a camera, or 0 when it has none. */
gint64     sl_catalog_get_last_segment_end (SlCatalog *self, gint64 camera_id, GError **error);
/* Every segment of every camera, for consistency checks (SlSegment). */
GPtrArray *sl_catalog_list_all_segments (SlCatalog *self, GError **error);

/* Retention. Deletion goes through the garbage table: the segment row moves to
 * garbage in one transaction, then the caller unlinks the file and removes
 * the garbage row. */
/* Oldest segments of a storage root (all cameras, or one) that are not inside
 * a locked bookmark range (bookmark start - 150 s .. end + 150 s), oldest
 * first, at most @limit. */
GPtrArray *sl_catalog_list_deletable_segments (SlCatalog *self, gint64 storage_id,
                                               gint64 camera_id, gint64 before_us, guint limit,
                                               GError **error);
gboolean   sl_catalog_retire_segment (SlCatalog *self, gint64 segment_id, GError **error);
GPtrArray *sl_catalog_list_garbage   (SlCatalog *self, GError **error); /* char * paths */
gboolean   sl_catalog_forget_garbage (SlCatalog *self, const char *path, GError **error);
gint64     sl_catalog_get_storage_bytes (SlCatalog *self, gint64 storage_id, GError **error);

/* Bookmarks (only what retention needs for now). */
gint64     sl_catalog_add_bookmark   (SlCatalog *self, const SlBookmark *bookmark, GError **error);

/* Logs and events. */
gint64     sl_catalog_add_log  (SlCatalog *self, SlLogKind kind, gint64 camera_id,
                                const char *type, const char *message, GError **error);
GPtrArray *sl_catalog_list_logs (SlCatalog *self, gint64 camera_id, guint limit,
                                 GError **error); /* SlLogEntry, newest first */

G_END_DECLS
