// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SL_CAMSIM_ROLE_NONE,
  SL_CAMSIM_ROLE_VIEWER,
  SL_CAMSIM_ROLE_OPERATOR,
  SL_CAMSIM_ROLE_ADMINISTRATOR,
} SlCamsimRole;

#define SL_CAMSIM_N_INPUTS  2
#define SL_CAMSIM_N_OUTPUTS 2

/* Topics of the events the simulated device emits (event stream form). */
#define SL_CAMSIM_TOPIC_MOTION "tnsaxis:CameraApplicationPlatform/VMD/Camera1Profile1"
#define SL_CAMSIM_TOPIC_PORT   "tns1:Device/tnsaxis:IO/Port"
#define SL_CAMSIM_TOPIC_PTZ    "tns1:PTZController/tnsaxis:Move/Channel_1"

typedef struct
{
  double pan;  /* degrees, -180 .. 180 */
  double tilt; /* degrees, -90 .. 90 */
  double zoom; /* 1 .. 9999 */
} SlCamsimPtz;

#define SL_CAMSIM_TYPE_DEVICE (sl_camsim_device_get_type ())
G_DECLARE_FINAL_TYPE (SlCamsimDevice, sl_camsim_device, SL_CAMSIM, DEVICE, GObject)

SlCamsimDevice *sl_camsim_device_new (guint index, const char *bind_address);

guint sl_camsim_device_get_index (SlCamsimDevice *self);
const char *sl_camsim_device_get_name (SlCamsimDevice *self);
char *sl_camsim_device_dup_name (SlCamsimDevice *self);
const char *sl_camsim_device_get_model (SlCamsimDevice *self);
const char *sl_camsim_device_get_serial (SlCamsimDevice *self);
const char *sl_camsim_device_get_firmware (SlCamsimDevice *self);
const char *sl_camsim_device_get_bind_address (SlCamsimDevice *self);
const char *sl_camsim_device_get_boot_id (SlCamsimDevice *self);
gint64 sl_camsim_device_get_uptime_seconds (SlCamsimDevice *self);

/* Accounts and roles. */
gboolean sl_camsim_device_get_factory_default (SlCamsimDevice *self);
gboolean sl_camsim_device_get_anonymous (SlCamsimDevice *self);
gboolean sl_camsim_device_add_account (SlCamsimDevice *self,
                                       const char *user,
                                       const char *password,
                                       SlCamsimRole role,
                                       gboolean ptz,
                                       GError **error);
gboolean sl_camsim_device_update_account (SlCamsimDevice *self,
                                          const char *user,
                                          const char *password,
                                          SlCamsimRole role,
                                          GError **error);
gboolean sl_camsim_device_remove_account (SlCamsimDevice *self, const char *user, GError **error);
const char *
sl_camsim_device_lookup_password (SlCamsimDevice *self, const char *user, SlCamsimRole *role);
GStrv sl_camsim_device_dup_account_names (SlCamsimDevice *self, SlCamsimRole min_role);
void sl_camsim_device_factory_reset (SlCamsimDevice *self);

/* Parameters ("Group.Sub.Name" without the "root." prefix). */
const char *sl_camsim_device_get_param (SlCamsimDevice *self, const char *name);
gboolean sl_camsim_device_set_param (SlCamsimDevice *self,
                                     const char *name,
                                     const char *value,
                                     GError **error);
GPtrArray *sl_camsim_device_list_params (SlCamsimDevice *self, const char *group);
char *sl_camsim_device_dup_profile_parameters (SlCamsimDevice *self, const char *profile);

/* Simulated world. */
gint64 sl_camsim_device_now_ms (SlCamsimDevice *self);
void sl_camsim_device_set_clock_offset (SlCamsimDevice *self, gint64 offset_ms);
gint64 sl_camsim_device_get_clock_offset (SlCamsimDevice *self);
gboolean sl_camsim_device_get_motion (SlCamsimDevice *self);
void sl_camsim_device_set_motion (SlCamsimDevice *self, gboolean active);
gboolean sl_camsim_device_get_input (SlCamsimDevice *self, guint port);
void sl_camsim_device_set_input (SlCamsimDevice *self, guint port, gboolean active);
gboolean sl_camsim_device_get_output (SlCamsimDevice *self, guint port);
void sl_camsim_device_set_output (SlCamsimDevice *self, guint port, gboolean active);
gboolean sl_camsim_device_get_network_up (SlCamsimDevice *self);
void sl_camsim_device_set_network_up (SlCamsimDevice *self, gboolean up);
void sl_camsim_device_restart (SlCamsimDevice *self, guint downtime_ms);

SlCamsimPtz sl_camsim_device_get_ptz (SlCamsimDevice *self);
void sl_camsim_device_set_ptz (SlCamsimDevice *self, SlCamsimPtz ptz);
void sl_camsim_device_move_ptz_continuous (SlCamsimDevice *self,
                                           double pan_speed,
                                           double tilt_speed,
                                           double zoom_speed);
gboolean sl_camsim_device_goto_preset (SlCamsimDevice *self, const char *name);
void sl_camsim_device_save_preset (SlCamsimDevice *self, const char *name);
gboolean sl_camsim_device_remove_preset (SlCamsimDevice *self, const char *name);
GStrv sl_camsim_device_dup_preset_names (SlCamsimDevice *self);

G_END_DECLS
