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
#define SL_CATALOG_SCHEMA_VERSION 2

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
const char *sl_gap_reason_to_string (SlGapReason reason);
const char *sl_gap_reason_describe (SlGapReason reason); /* translated sentence */
gboolean sl_gap_reason_from_string (const char *text, SlGapReason *reason);
const char *sl_transport_to_string (SlTransport transport);
gboolean sl_transport_from_string (const char *text, SlTransport *transport);
gboolean sl_recording_type_from_string (const char *text, SlRecordingType *type);
const char *sl_log_kind_to_string (SlLogKind kind);
gboolean sl_log_kind_from_string (const char *text, SlLogKind *kind);

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
  char *driver;   /* "rtsp", "vapix" or "file" */
  char *address;  /* vapix: host[:port]; file: path; rtsp: NULL */
  char *username; /* NULL: no credentials; the password is in the secret store */
  char *model;
  char *serial;
  char *main_url; /* rtsp URL (or file path for "file") */
  char *sub_url;  /* NULL when the camera has no sub stream */
  gboolean enabled;
  int retention_days; /* 0: unlimited */
  gint64 storage_id;  /* 0: the default (first) storage root */
  SlTransport transport;
} SlCameraRecord;

typedef struct
{
  gint64 id;
  gint64 camera_id;
  char *stream; /* "main" or "sub" */
  gint64 start_us;
  gint64 end_us;
  char *path; /* absolute */
  gint64 bytes;
  gint64 frames;
  gint64 key_frames;
  SlRecordingType type;
  char *codec; /* "h264", "h265", ... */
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

SlStorageRoot *sl_storage_root_copy (const SlStorageRoot *root);
void sl_storage_root_free (SlStorageRoot *root);
SlCameraRecord *sl_camera_record_copy (const SlCameraRecord *camera);
void sl_camera_record_free (SlCameraRecord *camera);
SlSegment *sl_segment_copy (const SlSegment *segment);
void sl_segment_free (SlSegment *segment);
void sl_bookmark_free (SlBookmark *bookmark);
void sl_log_entry_free (SlLogEntry *entry);
void sl_open_segment_free (SlOpenSegment *open);
/* SlGap has no pointers: g_free it. */
SlBookmark *sl_bookmark_copy (const SlBookmark *bookmark);
SlLogEntry *sl_log_entry_copy (const SlLogEntry *entry);
SlOpenSegment *sl_open_segment_copy (const SlOpenSegment *open);
SlGap *sl_gap_copy (const SlGap *gap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStorageRoot, sl_storage_root_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCameraRecord, sl_camera_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSegment, sl_segment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlBookmark, sl_bookmark_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLogEntry, sl_log_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlOpenSegment, sl_open_segment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGap, g_free)

#define SL_TYPE_CATALOG (sl_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SlCatalog, sl_catalog, SL, CATALOG, GObject)

/* Opening creates the file if needed and migrates it forward. A catalog with
 * a newer schema than this program knows is refused (SL_ERROR_CATALOG). */
SlCatalog *sl_catalog_open (const char *path, GError **error);
void sl_catalog_open_async (const char *path,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
SlCatalog *sl_catalog_open_finish (GAsyncResult *result, GError **error);
const char *sl_catalog_get_path (SlCatalog *self);

/* Every operation below exists as a blocking call (shown) and as a pair
 * sl_catalog_X_async (self, args..., cancellable, callback, user_data) /
 * sl_catalog_X_finish (self, result, error) with the same result, declared by
 * SL_CATALOG_DECLARE_ASYNC. On error they return 0, FALSE or NULL with @error
 * set (SL_ERROR_CATALOG for database failures, SL_ERROR_NOT_FOUND,
 * SL_ERROR_EXISTS, SL_ERROR_INVALID_ARGUMENT). Ids are > 0. Arrays are
 * GPtrArrays owning their elements (free function set). Calls run one at a
 * time, in the order they were made.
 *
 * An _async call runs the operation of the same name on the worker thread
 * and calls @callback in the thread-default main context of the calling
 * thread. The arguments are copied: the caller may free them at once. A
 * cancelled operation that has not started yet does not run; one that has
 * started completes, but its finish function reports G_IO_ERROR_CANCELLED. */

/* "SlCatalog *self" and the parameters in parentheses, which may be ().
 * Dropping the comma before an empty __VA_ARGS__ is GNU C (-std=gnu11). */
#define SL_CATALOG_PARAMS_(...) SlCatalog *self, ##__VA_ARGS__

/* Declares void sl_catalog_@name_async (self, @params..., cancellable,
 * callback, user_data) and ReturnType sl_catalog_@name_finish (self, result,
 * error); @params are those of the blocking call between self and error. */
#define SL_CATALOG_DECLARE_ASYNC(ReturnType, name, params)                                         \
  void sl_catalog_##name##_async (SL_CATALOG_PARAMS_ params, GCancellable *cancellable,            \
                                  GAsyncReadyCallback callback, gpointer user_data);               \
  ReturnType sl_catalog_##name##_finish (SlCatalog *self, GAsyncResult *result, GError **error)

/* Storage roots. */
gint64 sl_catalog_add_storage_root (
    SlCatalog *self, const char *path, gint64 max_bytes, double min_free_percent, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64,
                          add_storage_root,
                          (const char *path, gint64 max_bytes, double min_free_percent));
gboolean
sl_catalog_update_storage_root (SlCatalog *self, const SlStorageRoot *root, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, update_storage_root, (const SlStorageRoot *root));
GPtrArray *sl_catalog_list_storage_roots (SlCatalog *self, GError **error); /* SlStorageRoot */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_storage_roots, ());

/* Cameras (a device row and its camera row, with its streams). Names are unique
 * (case-insensitive); adding a duplicate fails with SL_ERROR_EXISTS. Case is
 * folded for ASCII letters only (SQLite's NOCASE): "Café" and "CAFÉ" are two
 * names. find_camera takes an id (all digits; falls back to the name) or a
 * name. remove_camera keeps the camera's segments, gaps, bookmarks and logs. */
gint64 sl_catalog_add_camera (SlCatalog *self, const SlCameraRecord *camera, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, add_camera, (const SlCameraRecord *camera));
gboolean sl_catalog_update_camera (SlCatalog *self, const SlCameraRecord *camera, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, update_camera, (const SlCameraRecord *camera));
gboolean sl_catalog_remove_camera (SlCatalog *self, gint64 camera_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, remove_camera, (gint64 camera_id));
GPtrArray *sl_catalog_list_cameras (SlCatalog *self, GError **error); /* SlCameraRecord */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_cameras, ());
SlCameraRecord *sl_catalog_find_camera (SlCatalog *self,
                                        const char *name_or_id,
                                        GError **error); /* SL_ERROR_NOT_FOUND */
SL_CATALOG_DECLARE_ASYNC (SlCameraRecord *, find_camera, (const char *name_or_id));

/* Recording index. A segment row is added after its file is closed and
 * synced; adding it also deletes its open-segment row, in one transaction. */
gint64 sl_catalog_begin_segment (SlCatalog *self,
                                 gint64 camera_id,
                                 const char *stream,
                                 const char *path,
                                 gint64 start_us,
                                 GError **error);
SL_CATALOG_DECLARE_ASYNC (
    gint64,
    begin_segment,
    (gint64 camera_id, const char *stream, const char *path, gint64 start_us));
gint64 sl_catalog_add_segment (SlCatalog *self,
                               gint64 open_segment_id,
                               const SlSegment *segment,
                               GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, add_segment, (gint64 open_segment_id, const SlSegment *segment));
GPtrArray *sl_catalog_list_open_segments (SlCatalog *self, GError **error); /* SlOpenSegment */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_open_segments, ());
gboolean sl_catalog_drop_open_segment (SlCatalog *self, gint64 open_segment_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, drop_open_segment, (gint64 open_segment_id));
gint64 sl_catalog_add_gap (SlCatalog *self,
                           gint64 camera_id,
                           gint64 start_us,
                           gint64 end_us,
                           SlGapReason reason,
                           GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64,
                          add_gap,
                          (gint64 camera_id, gint64 start_us, gint64 end_us, SlGapReason reason));
/* The longest segment the catalog accepts: the timeline query only looks this
 * far back before @from_us, so sl_catalog_add_segment refuses longer ones
 * (SL_ERROR_INVALID_ARGUMENT). Gaps may be longer: sl_catalog_add_gap stores
 * a long gap as consecutive pieces of at most SL_CATALOG_MAX_GAP_PIECE_US. */
#define SL_CATALOG_MAX_SEGMENT_US   (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define SL_CATALOG_MAX_GAP_PIECE_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
/* How far a locked bookmark protects recordings before its start and after
 * its end from retention. */
#define SL_CATALOG_LOCK_MARGIN_US (G_GINT64_CONSTANT (150) * G_USEC_PER_SEC)

/* Segments (SlSegment) and gaps (SlGap) of one camera overlapping [from, to),
 * ordered by start; either out-array may be NULL. Uses only the covering
 * indexes, so the segments have only id, camera_id, stream, start_us, end_us
 * and type filled in (path and codec are NULL, the numbers 0): get a full row
 * with sl_catalog_get_segment. Both streams (main and sub) are returned.
 * Consecutive gap pieces with the same reason come back merged into one gap
 * (with the id of its first piece). The finish function has the out-arrays
 * of the blocking call. */
gboolean sl_catalog_query_timeline (SlCatalog *self,
                                    gint64 camera_id,
                                    gint64 from_us,
                                    gint64 to_us,
                                    GPtrArray **segments,
                                    GPtrArray **gaps,
                                    GError **error);
void sl_catalog_query_timeline_async (SlCatalog *self,
                                      gint64 camera_id,
                                      gint64 from_us,
                                      gint64 to_us,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean sl_catalog_query_timeline_finish (
    SlCatalog *self, GAsyncResult *result, GPtrArray **segments, GPtrArray **gaps, GError **error);
/* ---- Timeline coverage -------------------------------------------------
 * What a timeline draws for a visible range at a given bucket size (the
 * microseconds one pixel stands for), merged to the bucket while the rows are
 * read, so that the result has a few items per pixel however many segments
 * the range holds. */

/* Recorded time of one type. Runs separated by less than a bucket are one
 * run; a run narrower than a bucket takes the type of higher priority of its
 * neighbours (manual > rule > motion > continuous), so that a short motion
 * recording inside continuous recording stays visible at any zoom. */
typedef struct
{
  gint64 start_us;
  gint64 end_us;
  SlRecordingType type;
} SlCoverageRun;

/* That priority: higher wins a bucket (or a pixel) that holds several types. */
int sl_recording_type_priority (SlRecordingType type);

/* Events of one type in one bucket (buckets are aligned on multiples of the
 * bucket size, so that they stay put while the range pans). */
typedef struct
{
  gint64 id;      /* the first event of the bucket */
  gint64 time_us; /* its time */
  char *type;     /* as stored, e.g. "motion" */
  guint count;    /* how many events of @type the bucket holds (>= 1) */
} SlCoverageEvent;

/* One camera's coverage of [from, to): runs and gaps clipped to the range.
 * A gap is kept where no run is drawn (a gap that merged runs bridge is
 * dropped); its pieces, and gaps of one reason separated by less than a
 * bucket without a run between them, come back as one gap (with the id of
 * its first piece). Bookmarks overlapping the range are complete rows. */
typedef struct
{
  gint64 camera_id;
  GArray *runs;         /* SlCoverageRun, by start */
  GArray *gaps;         /* SlGap, by start */
  GPtrArray *bookmarks; /* SlBookmark, by start */
  GPtrArray *events;    /* SlCoverageEvent, by time */
} SlCoverage;

void sl_coverage_event_free (SlCoverageEvent *event);
void sl_coverage_free (SlCoverage *coverage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCoverage, sl_coverage_free)

/* The coverage (SlCoverage) of each of @camera_ids, in their order, over
 * [@from_us, @to_us) at @bucket_us (>= 1) per pixel. Reads the covering
 * indexes of segments and gaps, one read transaction for all cameras. */
GPtrArray *sl_catalog_query_coverage (SlCatalog *self,
                                      const gint64 *camera_ids,
                                      guint n_cameras,
                                      gint64 from_us,
                                      gint64 to_us,
                                      gint64 bucket_us,
                                      GError **error);
SL_CATALOG_DECLARE_ASYNC (
    GPtrArray *,
    query_coverage,
    (const gint64 *camera_ids, guint n_cameras, gint64 from_us, gint64 to_us, gint64 bucket_us));

/* The end of the newest segment of a camera, or 0 when it has none. */
gint64 sl_catalog_get_last_segment_end (SlCatalog *self, gint64 camera_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, get_last_segment_end, (gint64 camera_id));
/* Every segment of every camera, for consistency checks (SlSegment), by
 * camera and start. */
GPtrArray *sl_catalog_list_all_segments (SlCatalog *self, GError **error);
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_all_segments, ());
/* One full segment row; SL_ERROR_NOT_FOUND when there is none. */
SlSegment *sl_catalog_get_segment (SlCatalog *self, gint64 segment_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (SlSegment *, get_segment, (gint64 segment_id));

/* Playback (sl-catalog-playback.c). find_playback_segment: the main-stream
 * segment recorded at @time_us or else the first one after it (full row);
 * past the last indexed one, the segment being written, with id 0 and end_us
 * G_MAXINT64. find_recording_start: the start of the first recording (a run
 * of touching main-stream segments) starting after @time_us (@forward) or of
 * the last one starting at or before it. Both fail with SL_ERROR_NOT_FOUND
 * when there is none. The nearest event is sl_catalog_find_adjacent_event(). */
SlSegment *sl_catalog_find_playback_segment (SlCatalog *self,
                                             gint64 camera_id,
                                             gint64 time_us,
                                             GError **error);
SL_CATALOG_DECLARE_ASYNC (SlSegment *, find_playback_segment, (gint64 camera_id, gint64 time_us));
gint64 sl_catalog_find_recording_start (
    SlCatalog *self, gint64 camera_id, gint64 time_us, gboolean forward, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64,
                          find_recording_start,
                          (gint64 camera_id, gint64 time_us, gboolean forward));

/* Retention. Deletion goes through the garbage table: the segment row moves to
 * garbage in one transaction, then the caller unlinks the file and removes
 * the garbage row. */
/* Oldest segments of a storage root (all cameras, or one) that are not inside
 * a locked bookmark range (bookmark start - 150 s .. end + 150 s), oldest
 * first, at most @limit. @camera_id 0: every camera; @before_us: only
 * segments starting before it (G_MAXINT64: no bound); @limit 0: no limit.
 * A segment is on the storage root of its camera (the first root by id when
 * the camera's storage_id is 0 or the camera was removed). */
GPtrArray *sl_catalog_list_deletable_segments (SlCatalog *self,
                                               gint64 storage_id,
                                               gint64 camera_id,
                                               gint64 before_us,
                                               guint limit,
                                               GError **error);
SL_CATALOG_DECLARE_ASYNC (GPtrArray *,
                          list_deletable_segments,
                          (gint64 storage_id, gint64 camera_id, gint64 before_us, guint limit));
gboolean sl_catalog_retire_segment (SlCatalog *self, gint64 segment_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, retire_segment, (gint64 segment_id));
GPtrArray *sl_catalog_list_garbage (SlCatalog *self, GError **error); /* char * paths */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_garbage, ());
gboolean sl_catalog_forget_garbage (SlCatalog *self, const char *path, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, forget_garbage, (const char *path));
gint64 sl_catalog_get_storage_bytes (SlCatalog *self, gint64 storage_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, get_storage_bytes, (gint64 storage_id));

/* Bookmarks (sl-catalog-bookmarks.c). A bookmark marks [start_us, end_us]
 * of one camera (start_us == end_us for a moment) with a name and a
 * description. A locked one ("prevent deletion") keeps retention from
 * deleting the recordings from SL_CATALOG_LOCK_MARGIN_US before its start to
 * as long after its end, so at least 2.5 minutes either side of it. */
typedef struct
{
  gint64 *camera_ids; /* NULL (or none): every camera */
  guint n_camera_ids;
  gint64 from_us; /* bookmarks ending at or after this; 0: no bound */
  gint64 to_us;   /* and starting before this; 0: no bound */
  char *text;     /* in the name or description, any case; NULL or "": any */
  guint limit;    /* 0: all */
  gboolean newest_first;
} SlBookmarkQuery;

SlBookmarkQuery *sl_bookmark_query_copy (const SlBookmarkQuery *query);
void sl_bookmark_query_free (SlBookmarkQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlBookmarkQuery, sl_bookmark_query_free)

/* Adding checks end >= start and returns the new id; NULL texts are stored as "". */
gint64 sl_catalog_add_bookmark (SlCatalog *self, const SlBookmark *bookmark, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, add_bookmark, (const SlBookmark *bookmark));
/* SL_ERROR_NOT_FOUND when there is no bookmark @bookmark_id. */
SlBookmark *sl_catalog_get_bookmark (SlCatalog *self, gint64 bookmark_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (SlBookmark *, get_bookmark, (gint64 bookmark_id));
/* Saves every field of the bookmark with id @bookmark->id (SL_ERROR_NOT_FOUND). */
gboolean sl_catalog_update_bookmark (SlCatalog *self, const SlBookmark *bookmark, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, update_bookmark, (const SlBookmark *bookmark));
gboolean sl_catalog_remove_bookmark (SlCatalog *self, gint64 bookmark_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, remove_bookmark, (gint64 bookmark_id));
/* The bookmarks matching @query (NULL: all), by start time then id. */
GPtrArray *sl_catalog_list_bookmarks (SlCatalog *self,
                                      const SlBookmarkQuery *query,
                                      GError **error); /* SlBookmark */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_bookmarks, (const SlBookmarkQuery *query));

/* Logs and events. */
gint64 sl_catalog_add_log (SlCatalog *self,
                           SlLogKind kind,
                           gint64 camera_id,
                           const char *type,
                           const char *message,
                           GError **error);
SL_CATALOG_DECLARE_ASYNC (
    gint64, add_log, (SlLogKind kind, gint64 camera_id, const char *type, const char *message));
/* @camera_id 0 lists the logs of all cameras; @limit 0 lists all. */
GPtrArray *sl_catalog_list_logs (SlCatalog *self,
                                 gint64 camera_id,
                                 guint limit,
                                 GError **error); /* SlLogEntry, newest first */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_logs, (gint64 camera_id, guint limit));

/* Camera events (sl-catalog-events.c): motion, digital inputs and the like,
 * as the camera reported them. A stateful event is stored as two rows, its
 * start and its end; an instant event as one. */
typedef enum
{
  SL_EVENT_INSTANT,
  SL_EVENT_START,
  SL_EVENT_END,
} SlEventPhase;

typedef struct
{
  gint64 id;
  gint64 camera_id;
  gint64 time_us;
  char *type;   /* stable name: "motion", "input" */
  char *source; /* e.g. the input port, "1"; NULL when the type has one source */
  SlEventPhase phase;
} SlEvent;

#define SL_EVENT_TYPE_MOTION "motion"
#define SL_EVENT_TYPE_INPUT  "input"

const char *sl_event_phase_to_string (SlEventPhase phase);
gboolean sl_event_phase_from_string (const char *text, SlEventPhase *phase);
/* "Motion started", "Input 1 active", ... (translated). */
char *sl_event_describe (const SlEvent *event);
SlEvent *sl_event_copy (const SlEvent *event);
void sl_event_free (SlEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvent, sl_event_free)

gint64 sl_catalog_add_event (SlCatalog *self, const SlEvent *event, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, add_event, (const SlEvent *event));
/* Events of one camera (0: all) with from_us <= time < to_us, oldest first;
 * @limit 0: all. */
GPtrArray *sl_catalog_list_events (SlCatalog *self,
                                   gint64 camera_id,
                                   gint64 from_us,
                                   gint64 to_us,
                                   guint limit,
                                   GError **error); /* SlEvent */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *,
                          list_events,
                          (gint64 camera_id, gint64 from_us, gint64 to_us, guint limit));
/* For "previous/next event": the nearest event of the camera that starts
 * something (phase start or instant) strictly after @time_us (@forward) or
 * strictly before it; SL_ERROR_NOT_FOUND when there is none. */
SlEvent *sl_catalog_find_adjacent_event (
    SlCatalog *self, gint64 camera_id, gint64 time_us, gboolean forward, GError **error);
SL_CATALOG_DECLARE_ASYNC (SlEvent *,
                          find_adjacent_event,
                          (gint64 camera_id, gint64 time_us, gboolean forward));

/* ---- Views (sl-catalog-views.c) ------------------------------------------
 * The live view tree: folders, split views, sequences and camera views.
 * Names need not be unique. Removing a folder removes everything in it. */
typedef enum
{
  SL_VIEW_KIND_FOLDER,
  SL_VIEW_KIND_SPLIT,    /* definition: an SlViewLayout as JSON */
  SL_VIEW_KIND_SEQUENCE, /* definition: an SlSequence as JSON */
  SL_VIEW_KIND_CAMERA,   /* camera_id */
} SlViewKind;

const char *sl_view_kind_to_string (SlViewKind kind);
gboolean sl_view_kind_from_string (const char *text, SlViewKind *kind);

typedef struct
{
  gint64 id;
  gint64 parent_id; /* 0: top level; else a folder */
  SlViewKind kind;
  char *name;
  int position; /* order among the views of one folder */
  gint64 camera_id;
  char *definition; /* JSON, "" for folders and camera views */
} SlViewRecord;

SlViewRecord *sl_view_record_copy (const SlViewRecord *view);
void sl_view_record_free (SlViewRecord *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlViewRecord, sl_view_record_free)

gint64 sl_catalog_add_view (SlCatalog *self, const SlViewRecord *view, GError **error);
SL_CATALOG_DECLARE_ASYNC (gint64, add_view, (const SlViewRecord *view));
/* Finds the view by its id; SL_ERROR_NOT_FOUND when it is gone. */
gboolean sl_catalog_update_view (SlCatalog *self, const SlViewRecord *view, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, update_view, (const SlViewRecord *view));
gboolean sl_catalog_remove_view (SlCatalog *self, gint64 view_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (gboolean, remove_view, (gint64 view_id));
/* Every view, parents before their children, each folder's views by position. */
GPtrArray *sl_catalog_list_views (SlCatalog *self, GError **error); /* SlViewRecord */
SL_CATALOG_DECLARE_ASYNC (GPtrArray *, list_views, ());
SlViewRecord *sl_catalog_get_view (SlCatalog *self, gint64 view_id, GError **error);
SL_CATALOG_DECLARE_ASYNC (SlViewRecord *, get_view, (gint64 view_id));

G_END_DECLS
