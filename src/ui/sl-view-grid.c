// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-ui"

#include "config.h"

#include "sl-live-tile.h"
#include "sl-view-grid.h"

#define SPACING 2

struct _SlViewGrid
{
  GtkWidget parent_instance;

  /* Owned */
  GListModel *cameras; /* SlCamera */

  guint columns;
};

enum
{
  PROP_0,
  PROP_CAMERAS,
  PROP_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlViewGrid, sl_view_grid, GTK_TYPE_WIDGET)

static void
remove_frames (SlViewGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

static void
place_frame (SlViewGrid *self, GtkWidget *frame, guint index)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkGridLayoutChild *cell;

  gtk_widget_set_parent (frame, GTK_WIDGET (self));
  cell = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, frame));
  gtk_grid_layout_child_set_row (cell, index / self->columns);
  gtk_grid_layout_child_set_column (cell, index % self->columns);
}

/* Cameras change rarely (the recorder starts or stops): a new set of tiles is
 * simpler than moving them around, and the old ones stop decoding as they go. */
static void
rebuild (SlViewGrid *self)
{
  guint n_cameras = self->cameras != NULL ? g_list_model_get_n_items (self->cameras) : 0;
  guint columns = sl_view_grid_columns_for (n_cameras);
  guint n_frames = columns * columns;

  remove_frames (self);

  if (columns != self->columns)
    {
      self->columns = columns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
    }

  if (n_cameras > n_frames)
    g_debug ("Showing %u of %u cameras: a view has at most %u frames", n_frames, n_cameras,
             n_frames);

  for (guint i = 0; i < n_frames && n_cameras > 0; i++)
    {
      GtkWidget *frame;

      if (i < n_cameras)
        {
          g_autoptr (SlCamera) camera = g_list_model_get_item (self->cameras, i);

          frame = sl_live_tile_new (camera);
        }
      else
        {
          frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
          gtk_widget_add_css_class (frame, "sl-empty-frame");
        }

      place_frame (self, frame, i);
    }
}

static void
cameras_changed_cb (SlViewGrid *self)
{
  rebuild (self);
}

static void
sl_view_grid_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlViewGrid *self = SL_VIEW_GRID (object);

  switch (prop_id)
    {
      case PROP_CAMERAS:
        g_value_set_object (value, self->cameras);
        break;

      case PROP_COLUMNS:
        g_value_set_uint (value, self->columns);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_view_grid_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SlViewGrid *self = SL_VIEW_GRID (object);

  switch (prop_id)
    {
      case PROP_CAMERAS:
        sl_view_grid_set_cameras (self, g_value_get_object (value));
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_view_grid_dispose (GObject *object)
{
  SlViewGrid *self = SL_VIEW_GRID (object);

  if (self->cameras != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cameras, self);
      g_clear_object (&self->cameras);
    }
  remove_frames (self);

  G_OBJECT_CLASS (sl_view_grid_parent_class)->dispose (object);
}

static void
sl_view_grid_class_init (SlViewGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_view_grid_get_property;
  object_class->set_property = sl_view_grid_set_property;
  object_class->dispose = sl_view_grid_dispose;

  properties[PROP_CAMERAS] =
      g_param_spec_object ("cameras", NULL, NULL, G_TYPE_LIST_MODEL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMNS] =
      g_param_spec_uint ("columns", NULL, NULL, 0, SL_VIEW_GRID_MAX_COLUMNS, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "viewgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_view_grid_init (SlViewGrid *self)
{
  GtkGridLayout *layout = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_grid_layout_set_row_homogeneous (layout, TRUE);
  gtk_grid_layout_set_column_homogeneous (layout, TRUE);
  gtk_grid_layout_set_row_spacing (layout, SPACING);
  gtk_grid_layout_set_column_spacing (layout, SPACING);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/**
 * sl_view_grid_new:
 *
 * Creates an empty view; give it cameras with sl_view_grid_set_cameras().
 *
 * Returns: (transfer floating): a new #SlViewGrid
 */
GtkWidget *
sl_view_grid_new (void)
{
  return g_object_new (SL_TYPE_VIEW_GRID, NULL);
}

/**
 * sl_view_grid_get_cameras:
 * @self: a #SlViewGrid
 *
 * Returns: (transfer none) (nullable): the cameras @self shows
 */
GListModel *
sl_view_grid_get_cameras (SlViewGrid *self)
{
  g_return_val_if_fail (SL_IS_VIEW_GRID (self), NULL);

  return self->cameras;
}

/**
 * sl_view_grid_set_cameras:
 * @self: a #SlViewGrid
 * @cameras: (nullable): a list of #SlCamera
 *
 * Shows a tile for each of @cameras, in their order, and follows the changes
 * of the list.
 */
void
sl_view_grid_set_cameras (SlViewGrid *self, GListModel *cameras)
{
  g_return_if_fail (SL_IS_VIEW_GRID (self));
  g_return_if_fail (cameras == NULL || G_IS_LIST_MODEL (cameras));

  if (self->cameras == cameras)
    return;

  if (self->cameras != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cameras, self);
      g_clear_object (&self->cameras);
    }

  if (cameras != NULL)
    {
      self->cameras = g_object_ref (cameras);
      g_signal_connect_object (cameras, "items-changed", G_CALLBACK (cameras_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERAS]);
}

/**
 * sl_view_grid_get_columns:
 * @self: a #SlViewGrid
 *
 * Returns: the number of rows and columns of @self's template, 0 when empty
 */
guint
sl_view_grid_get_columns (SlViewGrid *self)
{
  g_return_val_if_fail (SL_IS_VIEW_GRID (self), 0);

  return self->columns;
}

/**
 * sl_view_grid_columns_for:
 * @n_cameras: a number of cameras
 *
 * Gets the smallest square template that holds @n_cameras, up to
 * %SL_VIEW_GRID_MAX_COLUMNS: 1 for one camera, 2 for two to four, 3 for five
 * to nine and so on; 0 for none.
 *
 * Returns: the number of rows and columns
 */
guint
sl_view_grid_columns_for (guint n_cameras)
{
  guint columns = 0;

  while (columns * columns < n_cameras && columns < SL_VIEW_GRID_MAX_COLUMNS)
    columns++;

  return columns;
}
