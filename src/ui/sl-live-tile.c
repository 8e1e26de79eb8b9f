// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-live-tile.h"

/* Without a new frame for this long, the video no longer counts as live. */
#define STALL_SECONDS 3

/* What a tile asks for when its view has room: the video's own size would
 * make a grid of main streams wider than any screen. */
#define NATURAL_WIDTH  320
#define NATURAL_HEIGHT 180

struct _SlLiveTile
{
  GtkWidget parent_instance;

  /* Template children */
  GtkWidget *overlay;
  GtkPicture *picture;
  GtkLabel *message_label;
  GtkWidget *recording_badge;
  GtkLabel *name_label;
  GtkWidget *state_dot;
  GtkLabel *state_label;

  /* Borrowed */
  GdkToplevel *toplevel; /* watched for minimising while mapped */

  /* Owned */
  SlCamera *camera;
  SlVideoPaintable *paintable;

  guint viewer_id;
  guint stall_check_id;
  guint64 frames_seen;
  gint64 last_frame_us;
  gboolean video_flowing;
};

enum
{
  PROP_0,
  PROP_CAMERA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlLiveTile, sl_live_tile, GTK_TYPE_WIDGET)

/* What the tile says about its camera, and the colour of its dot. */
static const char *
describe_state (SlLiveTile *self, const char **style)
{
  SlCameraState state =
      self->camera != NULL ? sl_camera_get_state (self->camera) : SL_CAMERA_STATE_DISABLED;

  switch (state)
    {
      case SL_CAMERA_STATE_RECORDING:
        if (self->video_flowing)
          {
            *style = "live";
            return C_ ("camera state", "Live");
          }
        *style = "waiting";
        return C_ ("camera state", "Connecting");
      case SL_CAMERA_STATE_CONNECTING:
        *style = "waiting";
        return C_ ("camera state", "Connecting");
      case SL_CAMERA_STATE_RECONNECTING:
        *style = "warning";
        return C_ ("camera state", "Connection lost");
      case SL_CAMERA_STATE_AUTH_FAILED:
        *style = "error";
        return C_ ("camera state", "Enter password");
      case SL_CAMERA_STATE_STORAGE_ERROR:
        *style = "error";
        return C_ ("camera state", "Storage problem");
      case SL_CAMERA_STATE_DISABLED:
      default:
        *style = "disabled";
        return C_ ("camera state", "Disabled");
    }
}

static void
update_state (SlLiveTile *self)
{
  const char *style = NULL;
  const char *text = describe_state (self, &style);
  const char *dot_classes[] = { "sl-state-dot", style, NULL };
  SlCameraState state =
      self->camera != NULL ? sl_camera_get_state (self->camera) : SL_CAMERA_STATE_DISABLED;
  const char *last_error = self->camera != NULL ? sl_camera_get_last_error (self->camera) : NULL;
  gboolean show_error;

  gtk_label_set_label (self->state_label, text);
  gtk_widget_set_css_classes (self->state_dot, dot_classes);
  gtk_widget_set_visible (self->recording_badge, state == SL_CAMERA_STATE_RECORDING);

  /* Why there is no video, while the camera needs someone to act. */
  show_error = last_error != NULL && last_error[0] != '\0' &&
               (state == SL_CAMERA_STATE_RECONNECTING || state == SL_CAMERA_STATE_AUTH_FAILED ||
                state == SL_CAMERA_STATE_STORAGE_ERROR);
  gtk_label_set_label (self->message_label, show_error ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), show_error);

  /* An old frame stays as a reminder of the scene, dimmed. */
  if (self->video_flowing || state == SL_CAMERA_STATE_RECORDING)
    gtk_widget_remove_css_class (GTK_WIDGET (self->picture), "sl-stale");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->picture), "sl-stale");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
set_video_flowing (SlLiveTile *self, gboolean flowing)
{
  if (self->video_flowing == flowing)
    return;

  self->video_flowing = flowing;
  update_state (self);
}

/* Streaming thread: the paintable takes the frame to the main thread. */
static void
frame_cb (GstSample *sample, gpointer user_data)
{
  sl_video_paintable_push_sample (SL_VIDEO_PAINTABLE (user_data), sample);
}

static gboolean
check_stall_cb (gpointer user_data)
{
  SlLiveTile *self = user_data;
  guint64 frames = sl_video_paintable_get_frames (self->paintable);

  if (frames != self->frames_seen)
    {
      self->frames_seen = frames;
      self->last_frame_us = g_get_monotonic_time ();
    }
  else if (g_get_monotonic_time () - self->last_frame_us > STALL_SECONDS * G_USEC_PER_SEC)
    {
      set_video_flowing (self, FALSE);
    }

  return G_SOURCE_CONTINUE;
}

static void
paintable_contents_cb (SlLiveTile *self)
{
  if (self->viewer_id == 0 || !sl_video_paintable_has_frame (self->paintable))
    return;

  self->frames_seen = sl_video_paintable_get_frames (self->paintable);
  self->last_frame_us = g_get_monotonic_time ();
  set_video_flowing (self, TRUE);
}

static void
detach_viewer (SlLiveTile *self)
{
  g_clear_handle_id (&self->stall_check_id, g_source_remove);

  if (self->viewer_id != 0)
    {
      g_debug ("Tile of '%s' stops watching", sl_camera_get_name (self->camera));
      sl_camera_remove_viewer (self->camera, self->viewer_id);
      self->viewer_id = 0;
    }

  set_video_flowing (self, FALSE);
}

static gboolean
is_minimized (SlLiveTile *self)
{
  return self->toplevel != NULL &&
         (gdk_toplevel_get_state (self->toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;
}

/* The camera decodes for the tile only while someone can see it. */
static void
update_viewer (SlLiveTile *self)
{
  gboolean wanted =
      self->camera != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) && !is_minimized (self);

  if (!wanted)
    {
      detach_viewer (self);
      return;
    }

  if (self->viewer_id != 0)
    return;

  g_debug ("Tile of '%s' starts watching", sl_camera_get_name (self->camera));
  self->viewer_id =
      sl_camera_add_viewer (self->camera, frame_cb, g_object_ref (self->paintable), g_object_unref);
  self->frames_seen = sl_video_paintable_get_frames (self->paintable);
  self->last_frame_us = g_get_monotonic_time ();
  self->stall_check_id = g_timeout_add_seconds (1, check_stall_cb, self);
}

static void
camera_changed_cb (SlLiveTile *self)
{
  update_state (self);
}

static void
toplevel_state_cb (SlLiveTile *self)
{
  update_viewer (self);
}

static void
sl_live_tile_map (GtkWidget *widget)
{
  SlLiveTile *self = SL_LIVE_TILE (widget);
  GtkNative *native;
  GdkSurface *surface;

  GTK_WIDGET_CLASS (sl_live_tile_parent_class)->map (widget);

  native = gtk_widget_get_native (widget);
  surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->toplevel = GDK_TOPLEVEL (surface);
      g_signal_connect_object (surface, "notify::state", G_CALLBACK (toplevel_state_cb), self,
                               G_CONNECT_SWAPPED);
    }

  update_viewer (self);
}

static void
sl_live_tile_unmap (GtkWidget *widget)
{
  SlLiveTile *self = SL_LIVE_TILE (widget);

  if (self->toplevel != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->toplevel, toplevel_state_cb, self);
      self->toplevel = NULL;
    }
  detach_viewer (self);

  GTK_WIDGET_CLASS (sl_live_tile_parent_class)->unmap (widget);
}

static void
sl_live_tile_measure (GtkWidget *widget,
                      GtkOrientation orientation,
                      int for_size,
                      int *minimum,
                      int *natural,
                      int *minimum_baseline,
                      int *natural_baseline)
{
  SlLiveTile *self = SL_LIVE_TILE (widget);

  gtk_widget_measure (self->overlay, orientation, for_size, minimum, natural, NULL, NULL);
  *natural =
      MAX (*minimum, orientation == GTK_ORIENTATION_HORIZONTAL ? NATURAL_WIDTH : NATURAL_HEIGHT);
}

static void
sl_live_tile_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  gtk_widget_allocate (SL_LIVE_TILE (widget)->overlay, width, height, baseline, NULL);
}

static void
sl_live_tile_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlLiveTile *self = SL_LIVE_TILE (object);

  switch (prop_id)
    {
      case PROP_CAMERA:
        g_value_set_object (value, self->camera);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_live_tile_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlLiveTile *self = SL_LIVE_TILE (object);

  switch (prop_id)
    {
      case PROP_CAMERA:
        sl_live_tile_set_camera (self, g_value_get_object (value));
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_live_tile_dispose (GObject *object)
{
  SlLiveTile *self = SL_LIVE_TILE (object);

  if (self->camera != NULL)
    {
      detach_viewer (self);
      g_signal_handlers_disconnect_by_data (self->camera, self);
      g_clear_object (&self->camera);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_LIVE_TILE);
  self->overlay = NULL;
  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (sl_live_tile_parent_class)->dispose (object);
}

static void
sl_live_tile_class_init (SlLiveTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_live_tile_get_property;
  object_class->set_property = sl_live_tile_set_property;
  object_class->dispose = sl_live_tile_dispose;
  widget_class->map = sl_live_tile_map;
  widget_class->unmap = sl_live_tile_unmap;
  widget_class->measure = sl_live_tile_measure;
  widget_class->size_allocate = sl_live_tile_size_allocate;

  properties[PROP_CAMERA] =
      g_param_spec_object ("camera", NULL, NULL, SL_TYPE_CAMERA,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/live-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, overlay);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, picture);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, message_label);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, recording_badge);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, state_label);

  gtk_widget_class_set_css_name (widget_class, "livetile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_live_tile_init (SlLiveTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->paintable = sl_video_paintable_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
  g_signal_connect_object (self->paintable, "invalidate-contents",
                           G_CALLBACK (paintable_contents_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
}

/**
 * sl_live_tile_new:
 * @camera: (nullable): the camera to show
 *
 * Creates a tile that shows @camera's live video while it is on screen.
 *
 * Returns: (transfer floating): a new #SlLiveTile
 */
GtkWidget *
sl_live_tile_new (SlCamera *camera)
{
  g_return_val_if_fail (camera == NULL || SL_IS_CAMERA (camera), NULL);

  return g_object_new (SL_TYPE_LIVE_TILE, "camera", camera, NULL);
}

/**
 * sl_live_tile_get_camera:
 * @self: a #SlLiveTile
 *
 * Returns: (transfer none) (nullable): the camera @self shows
 */
SlCamera *
sl_live_tile_get_camera (SlLiveTile *self)
{
  g_return_val_if_fail (SL_IS_LIVE_TILE (self), NULL);

  return self->camera;
}

/**
 * sl_live_tile_set_camera:
 * @self: a #SlLiveTile
 * @camera: (nullable): the camera to show
 *
 * Shows @camera in @self, black until its first frame.
 */
void
sl_live_tile_set_camera (SlLiveTile *self, SlCamera *camera)
{
  const char *name;

  g_return_if_fail (SL_IS_LIVE_TILE (self));
  g_return_if_fail (camera == NULL || SL_IS_CAMERA (camera));

  if (self->camera == camera)
    return;

  if (self->camera != NULL)
    {
      detach_viewer (self);
      g_signal_handlers_disconnect_by_data (self->camera, self);
      g_clear_object (&self->camera);
    }
  sl_video_paintable_clear (self->paintable);

  if (camera != NULL)
    {
      self->camera = g_object_ref (camera);
      g_signal_connect_object (camera, "notify::state", G_CALLBACK (camera_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (camera, "notify::last-error", G_CALLBACK (camera_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  name = camera != NULL ? sl_camera_get_name (camera) : "";
  gtk_label_set_label (self->name_label, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  update_state (self);
  update_viewer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

/**
 * sl_live_tile_get_paintable:
 * @self: a #SlLiveTile
 *
 * Returns: (transfer none): the paintable that shows the video
 */
SlVideoPaintable *
sl_live_tile_get_paintable (SlLiveTile *self)
{
  g_return_val_if_fail (SL_IS_LIVE_TILE (self), NULL);

  return self->paintable;
}
