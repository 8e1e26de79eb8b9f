// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-live-tile-private.h"

/* Without a new frame for this long, the video no longer counts as live. */
#define STALL_SECONDS 3

/* What a tile asks for when its view has room: the video's own size would
 * make a grid of main streams wider than any screen. */
#define NATURAL_WIDTH  320
#define NATURAL_HEIGHT 180

/* Automatic profile: the main stream once the tile shows more rows of
 * pixels than the sub stream has, by this factor (so that the sub stream
 * would be visibly upscaled); back to the sub stream only below the sub
 * stream's own height, so that a tile near the threshold does not flip. */
#define AUTO_MAIN_ABOVE 1.2
#define AUTO_SUB_BELOW  1.0

enum
{
  PROP_0,
  PROP_CAMERA,
  PROP_PROFILE,
  PROP_MOTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlLiveTile, sl_live_tile, GTK_TYPE_WIDGET)

static const GEnumValue profile_values[] = {
  { SL_STREAM_PROFILE_AUTOMATIC, "SL_STREAM_PROFILE_AUTOMATIC", "automatic" },
  { SL_STREAM_PROFILE_HIGH, "SL_STREAM_PROFILE_HIGH", "high" },
  { SL_STREAM_PROFILE_MEDIUM, "SL_STREAM_PROFILE_MEDIUM", "medium" },
  { SL_STREAM_PROFILE_LOW, "SL_STREAM_PROFILE_LOW", "low" },
  { 0, NULL, NULL },
};

GType
sl_stream_profile_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("SlStreamProfile", profile_values));
  return type_id;
}

const char *
sl_stream_profile_to_string (SlStreamProfile profile)
{
  for (guint i = 0; profile_values[i].value_nick; i++)
    if (profile_values[i].value == (gint)profile)
      return profile_values[i].value_nick;
  return "automatic";
}

gboolean
sl_stream_profile_from_string (const char *text, SlStreamProfile *profile)
{
  for (guint i = 0; profile_values[i].value_nick; i++)
    if (g_strcmp0 (profile_values[i].value_nick, text) == 0)
      {
        *profile = profile_values[i].value;
        return TRUE;
      }
  return FALSE;
}

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

  /* An old frame stays as a reminder of the scene, dimmed over the tile's
   * background; live video covers the tile, which then has none. */
  if (self->video_flowing || state == SL_CAMERA_STATE_RECORDING)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sl-stale");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "sl-stale");

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

/* Where a viewer's frames go: the paintable, tagged with the viewer's
 * source token. */
typedef struct
{
  SlVideoPaintable *paintable;
  guint token;
} FrameTarget;

static void
frame_target_free (gpointer data)
{
  FrameTarget *target = data;

  g_object_unref (target->paintable);
  g_free (target);
}

/* Streaming thread: the paintable takes the frame to the main thread. */
static void
frame_cb (GstSample *sample, gpointer user_data)
{
  FrameTarget *target = user_data;

  sl_video_paintable_push_sample_from (target->paintable, target->token, sample);
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
remove_viewer (SlLiveTile *self, guint *viewer_id)
{
  if (*viewer_id != 0)
    sl_camera_remove_viewer (self->camera, *viewer_id);
  *viewer_id = 0;
}

static void update_frame_box (SlLiveTile *self);

static void
paintable_contents_cb (SlLiveTile *self)
{
  if (self->viewer_id == 0 || !sl_video_paintable_has_frame (self->paintable))
    return;

  /* The new stream's first frame is on screen: the old one can go. */
  if (self->next_viewer_id != 0 &&
      sl_video_paintable_get_shown_source (self->paintable) == self->next_token)
    {
      g_debug ("Tile of '%s' switched to its %s stream", sl_camera_get_name (self->camera),
               self->next_stream == SL_CAMERA_STREAM_SUB ? "sub" : "main");
      remove_viewer (self, &self->viewer_id);
      self->viewer_id = self->next_viewer_id;
      self->next_viewer_id = 0;
      self->viewer_stream = self->next_stream;
      self->viewer_token = self->next_token;
    }

  self->frames_seen = sl_video_paintable_get_frames (self->paintable);
  self->last_frame_us = g_get_monotonic_time ();
  set_video_flowing (self, TRUE);
  /* Medium waits for the main stream's size. */
  update_frame_box (self);
}

/* The frame size the viewers need: the tile's device pixels, more when
 * zoomed in; Medium also at most half the main stream's size. */
static void
update_frame_box (SlLiveTile *self)
{
  double factor = gtk_widget_get_scale_factor (GTK_WIDGET (self)) *
                  sl_video_paintable_get_zoom (self->paintable, NULL, NULL);
  int width = (int)(gtk_widget_get_width (GTK_WIDGET (self)) * factor + 0.5);
  int height = (int)(gtk_widget_get_height (GTK_WIDGET (self)) * factor + 0.5);
  int main_width, main_height;

  if (self->profile == SL_STREAM_PROFILE_MEDIUM &&
      sl_camera_get_stream_size (self->camera, SL_CAMERA_STREAM_MAIN, &main_width, &main_height))
    {
      width = MIN (width, main_width / 2);
      height = MIN (height, main_height / 2);
    }
  if (width <= 0 || height <= 0 || (width == self->box_width && height == self->box_height))
    return;
  self->box_width = width;
  self->box_height = height;
  if (self->viewer_id != 0)
    sl_camera_set_viewer_max_size (self->camera, self->viewer_id, width, height);
  if (self->next_viewer_id != 0)
    sl_camera_set_viewer_max_size (self->camera, self->next_viewer_id, width, height);
}

static void
detach_viewer (SlLiveTile *self)
{
  g_clear_handle_id (&self->stall_check_id, g_source_remove);

  if (self->viewer_id != 0 || self->next_viewer_id != 0)
    g_debug ("Tile of '%s' stops watching", sl_camera_get_name (self->camera));
  remove_viewer (self, &self->next_viewer_id);
  remove_viewer (self, &self->viewer_id);

  set_video_flowing (self, FALSE);
}

static gboolean
is_minimized (SlLiveTile *self)
{
  return self->toplevel != NULL &&
         (gdk_toplevel_get_state (self->toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;
}

/* The sub stream's height, or a guess until it has been received. */
static int
sub_stream_height (SlLiveTile *self)
{
  int width, height;

  if (sl_camera_get_stream_size (self->camera, SL_CAMERA_STREAM_SUB, &width, &height))
    return height;
  if (sl_camera_get_stream_size (self->camera, SL_CAMERA_STREAM_MAIN, &width, &height))
    return height / 2;
  return 360;
}

/* The stream and scale the profile asks for at the tile's size. Automatic
 * compares the rows of device pixels the video gets (digital zoom makes a
 * tile need more) with the sub stream's height. */
static void
choose_stream (SlLiveTile *self, SlCameraStream *stream)
{
  double rows;
  SlCameraStream current;

  switch (self->profile)
    {
      case SL_STREAM_PROFILE_HIGH:
      case SL_STREAM_PROFILE_MEDIUM:
        *stream = SL_CAMERA_STREAM_MAIN;
        break;
      case SL_STREAM_PROFILE_LOW:
        *stream = SL_CAMERA_STREAM_SUB;
        break;
      case SL_STREAM_PROFILE_AUTOMATIC:
      default:
        rows = (double)gtk_widget_get_height (GTK_WIDGET (self)) *
               gtk_widget_get_scale_factor (GTK_WIDGET (self)) *
               sl_video_paintable_get_zoom (self->paintable, NULL, NULL);
        current = self->next_viewer_id != 0 ? self->next_stream : self->viewer_stream;
        if (self->viewer_id == 0)
          current = SL_CAMERA_STREAM_SUB;
        if (current == SL_CAMERA_STREAM_MAIN)
          *stream = rows >= AUTO_SUB_BELOW * sub_stream_height (self) ? SL_CAMERA_STREAM_MAIN
                                                                      : SL_CAMERA_STREAM_SUB;
        else
          *stream = rows >= AUTO_MAIN_ABOVE * sub_stream_height (self) ? SL_CAMERA_STREAM_MAIN
                                                                       : SL_CAMERA_STREAM_SUB;
        break;
    }
  /* A camera without a sub stream gives its main stream either way. */
  if (!sl_camera_has_sub_stream (self->camera))
    *stream = SL_CAMERA_STREAM_MAIN;
}

static guint
add_viewer (SlLiveTile *self, SlCameraStream stream, guint token)
{
  FrameTarget *target = g_new0 (FrameTarget, 1);
  guint id;

  target->paintable = g_object_ref (self->paintable);
  target->token = token;
  id = sl_camera_add_stream_viewer (self->camera, stream, frame_cb, target, frame_target_free);
  if (self->box_width > 0)
    sl_camera_set_viewer_max_size (self->camera, id, self->box_width, self->box_height);
  return id;
}

/* The camera decodes for the tile only while someone can see it, the
 * stream its profile and size call for. */
void
sl_live_tile_update_viewer (SlLiveTile *self)
{
  gboolean wanted =
      self->camera != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) && !is_minimized (self);
  SlCameraStream stream;

  if (!wanted)
    {
      detach_viewer (self);
      return;
    }

  /* Automatic needs the tile's size: the first allocation decides. */
  if (self->profile == SL_STREAM_PROFILE_AUTOMATIC && self->viewer_id == 0 &&
      gtk_widget_get_height (GTK_WIDGET (self)) <= 0)
    return;

  update_frame_box (self);
  choose_stream (self, &stream);
  if (self->viewer_id != 0 && stream == self->viewer_stream)
    {
      /* Back to the stream shown: forget a switch under way. */
      if (self->next_viewer_id != 0)
        {
          sl_video_paintable_set_source (self->paintable, self->viewer_token);
          remove_viewer (self, &self->next_viewer_id);
        }
      return;
    }
  if (self->next_viewer_id != 0 && stream == self->next_stream)
    return;

  remove_viewer (self, &self->next_viewer_id);
  if (self->viewer_id == 0)
    {
      g_debug ("Tile of '%s' starts watching its %s stream", sl_camera_get_name (self->camera),
               stream == SL_CAMERA_STREAM_SUB ? "sub" : "main");
      self->viewer_token = ++self->last_token;
      self->viewer_stream = stream;
      sl_video_paintable_set_source (self->paintable, self->viewer_token);
      self->viewer_id = add_viewer (self, stream, self->viewer_token);
      self->frames_seen = sl_video_paintable_get_frames (self->paintable);
      self->last_frame_us = g_get_monotonic_time ();
      if (self->stall_check_id == 0)
        self->stall_check_id = g_timeout_add_seconds (1, check_stall_cb, self);
      return;
    }

  /* Switching: the old stream stays on screen until the new one's first
   * frame replaces it (paintable_contents_cb). */
  g_debug ("Tile of '%s' switches to its %s stream", sl_camera_get_name (self->camera),
           stream == SL_CAMERA_STREAM_SUB ? "sub" : "main");
  self->next_token = ++self->last_token;
  self->next_stream = stream;
  sl_video_paintable_expect_source (self->paintable, self->next_token);
  self->next_viewer_id = add_viewer (self, stream, self->next_token);
}

static void
camera_changed_cb (SlLiveTile *self)
{
  update_state (self);
}

static void
show_name (SlLiveTile *self)
{
  const char *name = self->camera != NULL ? sl_camera_get_name (self->camera) : "";

  gtk_label_set_label (self->name_label, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
camera_name_cb (SlLiveTile *self)
{
  show_name (self);
}

static void
camera_motion_cb (SlLiveTile *self)
{
  sl_live_tile_set_motion (self, sl_camera_get_motion (self->camera));
}

static void
toplevel_state_cb (SlLiveTile *self)
{
  sl_live_tile_update_viewer (self);
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
  sl_video_paintable_follow_renderer (self->paintable, widget);
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->toplevel = GDK_TOPLEVEL (surface);
      g_signal_connect_object (surface, "notify::state", G_CALLBACK (toplevel_state_cb), self,
                               G_CONNECT_SWAPPED);
    }

  sl_live_tile_update_viewer (self);
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

  /* The video decides; the labels over it fit in or are cut. */
  gtk_widget_measure (GTK_WIDGET (self->picture), orientation, for_size, minimum, natural, NULL,
                      NULL);
  *natural =
      MAX (*minimum, orientation == GTK_ORIENTATION_HORIZONTAL ? NATURAL_WIDTH : NATURAL_HEIGHT);
}

static void
sl_live_tile_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  /* Every child gets the whole tile, where its alignment and margins place
   * it (the popover menu, a surface of its own, aside). */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_NATIVE (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
  /* Automatic profile: the size may call for the other stream. */
  sl_live_tile_update_viewer (SL_LIVE_TILE (widget));
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

      case PROP_PROFILE:
        g_value_set_enum (value, self->profile);
        break;

      case PROP_MOTION:
        g_value_set_boolean (value, self->motion);
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

      case PROP_PROFILE:
        sl_live_tile_set_profile (self, g_value_get_enum (value));
        break;

      case PROP_MOTION:
        sl_live_tile_set_motion (self, g_value_get_boolean (value));
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_live_tile_dispose (GObject *object)
{
  SlLiveTile *self = SL_LIVE_TILE (object);
  GtkWidget *child;

  if (self->camera != NULL)
    {
      detach_viewer (self);
      g_signal_handlers_disconnect_by_data (self->camera, self);
      g_clear_object (&self->camera);
    }
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_LIVE_TILE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->overlay_images, g_hash_table_unref);
  g_clear_object (&self->paintable);
  g_clear_object (&self->actions);

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
  properties[PROP_PROFILE] =
      g_param_spec_enum ("profile", NULL, NULL, SL_TYPE_STREAM_PROFILE, SL_STREAM_PROFILE_AUTOMATIC,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MOTION] =
      g_param_spec_boolean ("motion", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sightline/Sightline/live-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, picture);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, message_label);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, recording_badge);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, motion_badge);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, context_menu);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, camera_section);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, state_dot);
  gtk_widget_class_bind_template_child (widget_class, SlLiveTile, state_label);

  gtk_widget_class_set_css_name (widget_class, "livetile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  sl_live_tile_class_init_input (widget_class);
}

static void
sl_live_tile_init (SlLiveTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->paintable = sl_video_paintable_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
  g_signal_connect_object (self->paintable, "invalidate-contents",
                           G_CALLBACK (paintable_contents_cb), self, G_CONNECT_SWAPPED);
  sl_live_tile_init_input (self);
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
      g_signal_connect_object (camera, "notify::name", G_CALLBACK (camera_name_cb), self,
                               G_CONNECT_SWAPPED);
      /* Motion from the camera's events (SlCameraEvents sets it). */
      g_signal_connect_object (camera, "notify::motion", G_CALLBACK (camera_motion_cb), self,
                               G_CONNECT_SWAPPED);
    }

  show_name (self);
  update_state (self);
  sl_live_tile_set_motion (self, camera != NULL && sl_camera_get_motion (camera));
  sl_live_tile_update_viewer (self);

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

/**
 * sl_live_tile_get_profile:
 * @self: a #SlLiveTile
 *
 * Returns: the stream profile of @self
 */
SlStreamProfile
sl_live_tile_get_profile (SlLiveTile *self)
{
  g_return_val_if_fail (SL_IS_LIVE_TILE (self), SL_STREAM_PROFILE_AUTOMATIC);

  return self->profile;
}

/**
 * sl_live_tile_set_profile:
 * @self: a #SlLiveTile
 * @profile: the stream profile
 *
 * Chooses the stream @self shows; the picture changes without going black.
 */
void
sl_live_tile_set_profile (SlLiveTile *self, SlStreamProfile profile)
{
  GAction *action;

  g_return_if_fail (SL_IS_LIVE_TILE (self));

  if (self->profile == profile)
    return;
  self->profile = profile;
  self->box_width = self->box_height = 0;
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "profile");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (sl_stream_profile_to_string (profile)));
  sl_live_tile_update_viewer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/**
 * sl_live_tile_get_stream:
 * @self: a #SlLiveTile
 *
 * Returns: the stream @self shows or switches to
 */
SlCameraStream
sl_live_tile_get_stream (SlLiveTile *self)
{
  g_return_val_if_fail (SL_IS_LIVE_TILE (self), SL_CAMERA_STREAM_MAIN);

  return self->next_viewer_id != 0 ? self->next_stream : self->viewer_stream;
}

/* The stream of the frames on screen. */
SlCameraStream
sl_live_tile_get_shown_stream (SlLiveTile *self)
{
  return self->viewer_stream;
}

/**
 * sl_live_tile_set_motion:
 * @self: a #SlLiveTile
 * @motion: whether the camera detects motion
 *
 * Shows or hides the motion indicator.
 */
void
sl_live_tile_set_motion (SlLiveTile *self, gboolean motion)
{
  g_return_if_fail (SL_IS_LIVE_TILE (self));

  motion = !!motion;
  if (self->motion == motion)
    return;
  self->motion = motion;
  gtk_widget_set_visible (self->motion_badge, motion);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOTION]);
}

/**
 * sl_live_tile_get_motion:
 * @self: a #SlLiveTile
 *
 * Returns: whether the motion indicator is shown
 */
gboolean
sl_live_tile_get_motion (SlLiveTile *self)
{
  g_return_val_if_fail (SL_IS_LIVE_TILE (self), FALSE);

  return self->motion;
}
