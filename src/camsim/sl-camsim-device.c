// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "sl-camsim"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "sl-camsim-device.h"

/* The state of one simulated network camera. It lives on the main thread;
 * the picture state (clock offset, PTZ, name) is also read by streaming
 * threads and is guarded by picture_lock. */

typedef struct
{
  char *password;
  SlCamsimRole role;
  gboolean ptz;
} Account;

struct _SlCamsimDevice
{
  GObject parent_instance;

  guint index;
  char *model;
  char *serial;
  char *firmware;
  char *bind_address;
  char *boot_id;
  gint64 boot_time;

  GHashTable *accounts; /* user -> Account */
  gboolean anonymous;
  gboolean factory_default;

  GHashTable *params;     /* name -> value */
  GPtrArray *param_order; /* names in listing order */

  GMutex picture_lock;
  char *name;
  gint64 clock_offset_ms;
  SlCamsimPtz ptz;

  SlCamsimPtz ptz_speed;
  guint ptz_move_id;
  GHashTable *presets; /* name -> SlCamsimPtz */

  gboolean motion;
  gboolean inputs[SL_CAMSIM_N_INPUTS];
  gboolean outputs[SL_CAMSIM_N_OUTPUTS];
  gboolean network_up;
  guint restart_id;
};

enum
{
  EVENT,
  NETWORK_CHANGED,
  ACCOUNTS_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlCamsimDevice, sl_camsim_device, G_TYPE_OBJECT)

static void
account_free (gpointer data)
{
  Account *account = data;

  g_free (account->password);
  g_free (account);
}

static void
new_boot_id (SlCamsimDevice *self)
{
  g_free (self->boot_id);
  self->boot_id = g_uuid_string_random ();
  self->boot_time = g_get_monotonic_time ();
}

static void
add_param (SlCamsimDevice *self, const char *name, const char *value)
{
  if (!g_hash_table_contains (self->params, name))
    g_ptr_array_add (self->param_order, g_strdup (name));
  g_hash_table_insert (self->params, g_strdup (name), g_strdup (value));
}

static void
seed_params (SlCamsimDevice *self)
{
  g_autofree char *name = g_strdup_printf ("Camera %u", self->index);

  add_param (self, "Brand.Brand", "AXIS");
  add_param (self, "Brand.ProdFullName", "AXIS P1445-LE Network Camera");
  add_param (self, "Brand.ProdNbr", self->model + strlen ("AXIS "));
  add_param (self, "Brand.ProdShortName", self->model);
  add_param (self, "Brand.ProdType", "Network Camera");
  add_param (self, "Network.RTSP.Enabled", "yes");
  add_param (self, "Network.RTSP.Port", "554");
  add_param (self, "Network.UPnP.FriendlyName", name);
  add_param (self, "Properties.API.HTTP.Version", "3");
  add_param (self, "Properties.Firmware.Version", self->firmware);
  add_param (self, "Properties.System.SerialNumber", self->serial);
  add_param (self, "Properties.Image.Format", "jpeg,mjpeg,h264");
  add_param (self, "Properties.Image.Resolution",
             "1920x1080,1280x720,1024x576,800x450,640x360,480x270,320x180");
  add_param (self, "Properties.PTZ.PTZ", "yes");
  add_param (self, "Properties.PTZ.DigitalPTZ", "yes");
  add_param (self, "Image.NbrOfConfigs", "1");
  add_param (self, "Image.I0.Name", name);
  add_param (self, "Image.I0.Appearance.Resolution", "1280x720");
  add_param (self, "Image.I0.Appearance.Compression", "30");
  add_param (self, "Image.I0.Stream.FPS", "15");
  add_param (self, "Image.I0.MPEG.PCount", "30");
  add_param (self, "Image.I0.MPEG.H264.Profile", "main");
  add_param (self, "Image.I0.Text.TextEnabled", "yes");
  add_param (self, "Image.I0.Text.String", name);
  add_param (self, "IOPort.I0.Configurable", "no");
  add_param (self, "IOPort.I0.Direction", "input");
  add_param (self, "IOPort.I0.Input.Name", "Input 1");
  add_param (self, "IOPort.I0.Input.Trig", "closed");
  add_param (self, "IOPort.I1.Configurable", "no");
  add_param (self, "IOPort.I1.Direction", "input");
  add_param (self, "IOPort.I1.Input.Name", "Input 2");
  add_param (self, "IOPort.I1.Input.Trig", "closed");
  add_param (self, "IOPort.I2.Configurable", "no");
  add_param (self, "IOPort.I2.Direction", "output");
  add_param (self, "IOPort.I2.Output.Name", "Output 1");
  add_param (self, "IOPort.I2.Output.Active", "closed");
  add_param (self, "IOPort.I3.Configurable", "no");
  add_param (self, "IOPort.I3.Direction", "output");
  add_param (self, "IOPort.I3.Output.Name", "Output 2");
  add_param (self, "IOPort.I3.Output.Active", "closed");
  add_param (self, "Input.NbrOfInputs", "2");
  add_param (self, "Output.NbrOfOutputs", "2");
  add_param (self, "PTZ.Limit.L1.MinPan", "-180");
  add_param (self, "PTZ.Limit.L1.MaxPan", "180");
  add_param (self, "PTZ.Limit.L1.MinTilt", "-90");
  add_param (self, "PTZ.Limit.L1.MaxTilt", "90");
  add_param (self, "PTZ.Limit.L1.MinZoom", "1");
  add_param (self, "PTZ.Limit.L1.MaxZoom", "9999");
  add_param (self, "StreamProfile.MaxGroups", "26");
  add_param (self, "StreamProfile.S0.Name", "main");
  add_param (self, "StreamProfile.S0.Description", "Main stream, full resolution");
  add_param (self, "StreamProfile.S0.Parameters", "videocodec=h264&resolution=1280x720&fps=15");
  add_param (self, "StreamProfile.S1.Name", "sub");
  add_param (self, "StreamProfile.S1.Description", "Sub stream for small tiles");
  add_param (self, "StreamProfile.S1.Parameters", "videocodec=h264&resolution=640x360&fps=15");
}

static void
emit_event (SlCamsimDevice *self,
            const char *topic,
            const char *source_key,
            const char *source_value,
            const char *data_key,
            const char *data_value)
{
  g_signal_emit (self, signals[EVENT], 0, topic, source_key, source_value, data_key, data_value,
                 sl_camsim_device_now_ms (self));
}

static void
sl_camsim_device_dispose (GObject *object)
{
  SlCamsimDevice *self = SL_CAMSIM_DEVICE (object);

  g_clear_handle_id (&self->ptz_move_id, g_source_remove);
  g_clear_handle_id (&self->restart_id, g_source_remove);

  G_OBJECT_CLASS (sl_camsim_device_parent_class)->dispose (object);
}

static void
sl_camsim_device_finalize (GObject *object)
{
  SlCamsimDevice *self = SL_CAMSIM_DEVICE (object);

  g_free (self->model);
  g_free (self->serial);
  g_free (self->firmware);
  g_free (self->bind_address);
  g_free (self->boot_id);
  g_free (self->name);
  g_hash_table_unref (self->accounts);
  g_hash_table_unref (self->params);
  g_ptr_array_unref (self->param_order);
  g_hash_table_unref (self->presets);
  g_mutex_clear (&self->picture_lock);

  G_OBJECT_CLASS (sl_camsim_device_parent_class)->finalize (object);
}

static void
sl_camsim_device_class_init (SlCamsimDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_camsim_device_dispose;
  object_class->finalize = sl_camsim_device_finalize;

  /* (topic, source key, source value, data key, data value, device time ms) */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 6, G_TYPE_STRING, G_TYPE_STRING,
                                 G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
  signals[NETWORK_CHANGED] =
      g_signal_new ("network-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[ACCOUNTS_CHANGED] = g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_camsim_device_init (SlCamsimDevice *self)
{
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, account_free);
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->param_order = g_ptr_array_new_with_free_func (g_free);
  self->presets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->picture_lock);
  self->ptz.zoom = 1;
  self->network_up = TRUE;
  self->anonymous = TRUE;
}

SlCamsimDevice *
sl_camsim_device_new (guint index, const char *bind_address)
{
  SlCamsimDevice *self = g_object_new (SL_CAMSIM_TYPE_DEVICE, NULL);

  self->index = index;
  self->name = g_strdup_printf ("Camera %u", index);
  self->model = g_strdup ("AXIS P1445-LE");
  self->serial = g_strdup_printf ("ACCC8E%06X", index);
  self->firmware = g_strdup ("10.12.182");
  self->bind_address = g_strdup (bind_address);
  new_boot_id (self);
  seed_params (self);
  return self;
}

guint
sl_camsim_device_get_index (SlCamsimDevice *self)
{
  return self->index;
}

const char *
sl_camsim_device_get_name (SlCamsimDevice *self)
{
  return self->name;
}

char *
sl_camsim_device_dup_name (SlCamsimDevice *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->picture_lock);

  return g_strdup (self->name);
}

const char *
sl_camsim_device_get_model (SlCamsimDevice *self)
{
  return self->model;
}

const char *
sl_camsim_device_get_serial (SlCamsimDevice *self)
{
  return self->serial;
}

const char *
sl_camsim_device_get_firmware (SlCamsimDevice *self)
{
  return self->firmware;
}

const char *
sl_camsim_device_get_bind_address (SlCamsimDevice *self)
{
  return self->bind_address;
}

const char *
sl_camsim_device_get_boot_id (SlCamsimDevice *self)
{
  return self->boot_id;
}

gint64
sl_camsim_device_get_uptime_seconds (SlCamsimDevice *self)
{
  return (g_get_monotonic_time () - self->boot_time) / G_USEC_PER_SEC;
}

gboolean
sl_camsim_device_get_factory_default (SlCamsimDevice *self)
{
  return self->factory_default;
}

gboolean
sl_camsim_device_get_anonymous (SlCamsimDevice *self)
{
  return self->anonymous;
}

static gboolean
check_password (const char *password, GError **error)
{
  gsize len = password ? strlen (password) : 0;

  if (len < 1 || len > 64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The password must have 1 to 64 characters");
      return FALSE;
    }
  for (const char *p = password; *p; p++)
    if (*p < 32 || *p > 126)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "The password may only contain printable ASCII characters");
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_user_name (const char *user, GError **error)
{
  gsize len = user ? strlen (user) : 0;

  if (len < 1 || len > 14)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The user name must have 1 to 14 characters");
      return FALSE;
    }
  for (const char *p = user; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "The user name may only contain letters, digits, '_', '-' and '.'");
        return FALSE;
      }
  return TRUE;
}

gboolean
sl_camsim_device_add_account (SlCamsimDevice *self,
                              const char *user,
                              const char *password,
                              SlCamsimRole role,
                              gboolean ptz,
                              GError **error)
{
  Account *account;

  if (!check_user_name (user, error) || !check_password (password, error))
    return FALSE;
  if (g_hash_table_contains (self->accounts, user))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The account %s already exists", user);
      return FALSE;
    }
  if (g_hash_table_size (self->accounts) >= 100)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No more than 100 accounts");
      return FALSE;
    }
  if (self->factory_default && role != SL_CAMSIM_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The first account must be an administrator");
      return FALSE;
    }

  account = g_new0 (Account, 1);
  account->password = g_strdup (password);
  account->role = role;
  account->ptz = ptz;
  g_hash_table_insert (self->accounts, g_strdup (user), account);
  self->anonymous = FALSE;
  self->factory_default = FALSE;
  g_signal_emit (self, signals[ACCOUNTS_CHANGED], 0);
  return TRUE;
}

gboolean
sl_camsim_device_update_account (
    SlCamsimDevice *self, const char *user, const char *password, SlCamsimRole role, GError **error)
{
  Account *account = g_hash_table_lookup (self->accounts, user ? user : "");

  if (account == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No account named %s", user);
      return FALSE;
    }
  if (password != NULL)
    {
      if (!check_password (password, error))
        return FALSE;
      g_free (account->password);
      account->password = g_strdup (password);
    }
  if (role != SL_CAMSIM_ROLE_NONE)
    account->role = role;
  g_signal_emit (self, signals[ACCOUNTS_CHANGED], 0);
  return TRUE;
}

gboolean
sl_camsim_device_remove_account (SlCamsimDevice *self, const char *user, GError **error)
{
  if (g_strcmp0 (user, "root") == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "The root account cannot be removed");
      return FALSE;
    }
  if (!g_hash_table_remove (self->accounts, user ? user : ""))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No account named %s", user);
      return FALSE;
    }
  g_signal_emit (self, signals[ACCOUNTS_CHANGED], 0);
  return TRUE;
}

const char *
sl_camsim_device_lookup_password (SlCamsimDevice *self, const char *user, SlCamsimRole *role)
{
  Account *account = g_hash_table_lookup (self->accounts, user ? user : "");

  if (account == NULL)
    return NULL;
  if (role)
    *role = account->role;
  return account->password;
}

GStrv
sl_camsim_device_dup_account_names (SlCamsimDevice *self, SlCamsimRole min_role)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GList) users = g_hash_table_get_keys (self->accounts);

  users = g_list_sort (users, (GCompareFunc)g_strcmp0);
  for (GList *l = users; l; l = l->next)
    {
      Account *account = g_hash_table_lookup (self->accounts, l->data);

      if (account->role >= min_role)
        g_strv_builder_add (builder, l->data);
    }
  return g_strv_builder_end (builder);
}

void
sl_camsim_device_factory_reset (SlCamsimDevice *self)
{
  g_hash_table_remove_all (self->accounts);
  g_hash_table_remove_all (self->presets);
  self->anonymous = FALSE;
  self->factory_default = TRUE;
  g_signal_emit (self, signals[ACCOUNTS_CHANGED], 0);
}

const char *
sl_camsim_device_get_param (SlCamsimDevice *self, const char *name)
{
  return g_hash_table_lookup (self->params, name);
}

static gboolean
is_read_only_param (const char *name)
{
  return g_str_has_prefix (name, "Brand.") || g_str_has_prefix (name, "Properties.") ||
         g_str_has_suffix (name, ".Configurable") || g_str_has_suffix (name, ".Direction");
}

gboolean
sl_camsim_device_set_param (SlCamsimDevice *self,
                            const char *name,
                            const char *value,
                            GError **error)
{
  if (g_str_has_prefix (name, "StreamProfile.S") && !g_hash_table_contains (self->params, name))
    {
      /* New stream profiles are created by setting their fields. */
      add_param (self, name, value);
      return TRUE;
    }
  if (!g_hash_table_contains (self->params, name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Error setting '%s' to '%s'!", name,
                   value);
      return FALSE;
    }
  if (is_read_only_param (name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "'%s' is read-only", name);
      return FALSE;
    }
  if (g_str_equal (name, "Image.I0.Name"))
    {
      g_mutex_lock (&self->picture_lock);
      g_free (self->name);
      self->name = g_strdup (value);
      g_mutex_unlock (&self->picture_lock);
    }
  add_param (self, name, value);
  return TRUE;
}

GPtrArray *
sl_camsim_device_list_params (SlCamsimDevice *self, const char *group)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < self->param_order->len; i++)
    {
      const char *name = self->param_order->pdata[i];
      gsize len = group ? strlen (group) : 0;

      if (group == NULL || *group == '\0' ||
          (g_str_has_prefix (name, group) && (name[len] == '.' || name[len] == '\0')))
        g_ptr_array_add (names, (gpointer)name);
    }
  return names;
}

char *
sl_camsim_device_dup_profile_parameters (SlCamsimDevice *self, const char *profile)
{
  for (guint i = 0; i < self->param_order->len; i++)
    {
      const char *name = self->param_order->pdata[i];
      const char *value = g_hash_table_lookup (self->params, name);

      if (g_str_has_prefix (name, "StreamProfile.S") && g_str_has_suffix (name, ".Name") &&
          g_strcmp0 (value, profile) == 0)
        {
          g_autofree char *prefix = g_strndup (name, strlen (name) - strlen ("Name"));
          g_autofree char *key = g_strconcat (prefix, "Parameters", NULL);

          return g_strdup (g_hash_table_lookup (self->params, key));
        }
    }
  return NULL;
}

gint64
sl_camsim_device_now_ms (SlCamsimDevice *self)
{
  return g_get_real_time () / 1000 + sl_camsim_device_get_clock_offset (self);
}

void
sl_camsim_device_set_clock_offset (SlCamsimDevice *self, gint64 offset_ms)
{
  g_mutex_lock (&self->picture_lock);
  self->clock_offset_ms = offset_ms;
  g_mutex_unlock (&self->picture_lock);
}

gint64
sl_camsim_device_get_clock_offset (SlCamsimDevice *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->picture_lock);

  return self->clock_offset_ms;
}

gboolean
sl_camsim_device_get_motion (SlCamsimDevice *self)
{
  return self->motion;
}

void
sl_camsim_device_set_motion (SlCamsimDevice *self, gboolean active)
{
  active = !!active;
  if (self->motion == active)
    return;
  self->motion = active;
  emit_event (self, SL_CAMSIM_TOPIC_MOTION, NULL, NULL, "active", active ? "1" : "0");
}

static void
set_port (SlCamsimDevice *self,
          gboolean *ports,
          guint n_ports,
          guint port_number,
          guint port,
          gboolean active)
{
  g_autofree char *number = NULL;

  active = !!active;
  if (port >= n_ports || ports[port] == active)
    return;
  ports[port] = active;
  number = g_strdup_printf ("%u", port_number);
  emit_event (self, SL_CAMSIM_TOPIC_PORT, "port", number, "state", active ? "1" : "0");
}

gboolean
sl_camsim_device_get_input (SlCamsimDevice *self, guint port)
{
  return port < SL_CAMSIM_N_INPUTS && self->inputs[port];
}

void
sl_camsim_device_set_input (SlCamsimDevice *self, guint port, gboolean active)
{
  /* Event port numbers count inputs first, then outputs, from 1. */
  set_port (self, self->inputs, SL_CAMSIM_N_INPUTS, port + 1, port, active);
}

gboolean
sl_camsim_device_get_output (SlCamsimDevice *self, guint port)
{
  return port < SL_CAMSIM_N_OUTPUTS && self->outputs[port];
}

void
sl_camsim_device_set_output (SlCamsimDevice *self, guint port, gboolean active)
{
  set_port (self, self->outputs, SL_CAMSIM_N_OUTPUTS, SL_CAMSIM_N_INPUTS + port + 1, port, active);
}

gboolean
sl_camsim_device_get_network_up (SlCamsimDevice *self)
{
  return self->network_up;
}

void
sl_camsim_device_set_network_up (SlCamsimDevice *self, gboolean up)
{
  up = !!up;
  if (self->network_up == up)
    return;
  self->network_up = up;
  g_signal_emit (self, signals[NETWORK_CHANGED], 0, up);
}

static gboolean
restart_done_cb (gpointer user_data)
{
  SlCamsimDevice *self = user_data;

  self->restart_id = 0;
  new_boot_id (self);
  sl_camsim_device_set_network_up (self, TRUE);
  return G_SOURCE_REMOVE;
}

void
sl_camsim_device_restart (SlCamsimDevice *self, guint downtime_ms)
{
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_clear_handle_id (&self->ptz_move_id, g_source_remove);
  self->motion = FALSE;
  sl_camsim_device_set_network_up (self, FALSE);
  self->restart_id = g_timeout_add (downtime_ms, restart_done_cb, self);
}

SlCamsimPtz
sl_camsim_device_get_ptz (SlCamsimDevice *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->picture_lock);

  return self->ptz;
}

void
sl_camsim_device_set_ptz (SlCamsimDevice *self, SlCamsimPtz ptz)
{
  ptz.pan = remainder (ptz.pan, 360.0);
  ptz.tilt = CLAMP (ptz.tilt, -90.0, 90.0);
  ptz.zoom = CLAMP (ptz.zoom, 1.0, 9999.0);

  g_mutex_lock (&self->picture_lock);
  self->ptz = ptz;
  g_mutex_unlock (&self->picture_lock);
}

#define PTZ_TICK_MS 50

static gboolean
ptz_move_tick_cb (gpointer user_data)
{
  SlCamsimDevice *self = user_data;
  SlCamsimPtz ptz = sl_camsim_device_get_ptz (self);
  double seconds = PTZ_TICK_MS / 1000.0;

  /* Speed 100 turns 90 degrees a second and zooms the full range in 4 s. */
  ptz.pan += self->ptz_speed.pan * 0.9 * seconds;
  ptz.tilt += self->ptz_speed.tilt * 0.9 * seconds;
  ptz.zoom += self->ptz_speed.zoom * 25.0 * seconds;
  sl_camsim_device_set_ptz (self, ptz);
  return G_SOURCE_CONTINUE;
}

void
sl_camsim_device_move_ptz_continuous (SlCamsimDevice *self,
                                      double pan_speed,
                                      double tilt_speed,
                                      double zoom_speed)
{
  gboolean was_moving = self->ptz_move_id != 0;
  gboolean moving = pan_speed != 0 || tilt_speed != 0 || zoom_speed != 0;

  self->ptz_speed.pan = CLAMP (pan_speed, -100, 100);
  self->ptz_speed.tilt = CLAMP (tilt_speed, -100, 100);
  self->ptz_speed.zoom = CLAMP (zoom_speed, -100, 100);

  if (moving && !was_moving)
    {
      self->ptz_move_id = g_timeout_add (PTZ_TICK_MS, ptz_move_tick_cb, self);
      emit_event (self, SL_CAMSIM_TOPIC_PTZ, "PTZConfigurationToken", "1", "is_moving", "1");
    }
  else if (!moving && was_moving)
    {
      g_clear_handle_id (&self->ptz_move_id, g_source_remove);
      emit_event (self, SL_CAMSIM_TOPIC_PTZ, "PTZConfigurationToken", "1", "is_moving", "0");
    }
}

gboolean
sl_camsim_device_goto_preset (SlCamsimDevice *self, const char *name)
{
  SlCamsimPtz *preset = g_hash_table_lookup (self->presets, name ? name : "");

  if (preset == NULL && g_strcmp0 (name, "Home") == 0)
    {
      sl_camsim_device_set_ptz (self, (SlCamsimPtz){ 0, 0, 1 });
      return TRUE;
    }
  if (preset == NULL)
    return FALSE;
  sl_camsim_device_set_ptz (self, *preset);
  return TRUE;
}

void
sl_camsim_device_save_preset (SlCamsimDevice *self, const char *name)
{
  SlCamsimPtz *preset = g_new (SlCamsimPtz, 1);

  *preset = sl_camsim_device_get_ptz (self);
  g_hash_table_insert (self->presets, g_strdup (name), preset);
}

gboolean
sl_camsim_device_remove_preset (SlCamsimDevice *self, const char *name)
{
  return g_hash_table_remove (self->presets, name ? name : "");
}

GStrv
sl_camsim_device_dup_preset_names (SlCamsimDevice *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GList) names = g_hash_table_get_keys (self->presets);

  names = g_list_sort (names, (GCompareFunc)g_strcmp0);
  for (GList *l = names; l; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}
