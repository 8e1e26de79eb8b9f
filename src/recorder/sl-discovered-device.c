// SPDX-License-Identifier: GPL-3.0-or-later

#define G_LOG_DOMAIN "sl-recorder"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-credentials.h"
#include "sl-discovered-device.h"

struct _SlDiscoveredDevice
{
  GObject parent_instance;

  char *host;
  guint16 port;
  char *address;
  SlDiscoveryStatus status;
  SlVapixDevice *info;
  char *message;
  char *username;
  char *password;
};

enum
{
  PROP_0,
  PROP_ADDRESS,
  PROP_STATUS,
  PROP_MODEL,
  PROP_MESSAGE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (SlDiscoveryStatus,
                    sl_discovery_status,
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_PROBING, "probing"),
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_COMMUNICATING, "communicating"),
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_COMMUNICATION_ERROR,
                                         "communication-error"),
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_ENTER_PASSWORD, "enter-password"),
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_SET_PASSWORD, "set-password"),
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_MODEL_NOT_SUPPORTED,
                                         "model-not-supported"),
                    G_DEFINE_ENUM_VALUE (SL_DISCOVERY_STATUS_ALREADY_ADDED, "already-added"))

G_DEFINE_FINAL_TYPE (SlDiscoveredDevice, sl_discovered_device, G_TYPE_OBJECT)

const char *
sl_discovery_status_to_string (SlDiscoveryStatus status)
{
  GEnumClass *klass = g_type_class_ref (SL_TYPE_DISCOVERY_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : "unknown";
}

const char *
sl_discovery_status_describe (SlDiscoveryStatus status)
{
  switch (status)
    {
      case SL_DISCOVERY_STATUS_PROBING:
        return _ ("Contacting…");
      case SL_DISCOVERY_STATUS_COMMUNICATING:
        return _ ("Communicating");
      case SL_DISCOVERY_STATUS_COMMUNICATION_ERROR:
        return _ ("Communication error");
      case SL_DISCOVERY_STATUS_ENTER_PASSWORD:
        return _ ("Enter password");
      case SL_DISCOVERY_STATUS_SET_PASSWORD:
        return _ ("Set password");
      case SL_DISCOVERY_STATUS_MODEL_NOT_SUPPORTED:
        return _ ("Model not supported");
      case SL_DISCOVERY_STATUS_ALREADY_ADDED:
        return _ ("Already added");
      default:
        return "";
    }
}

static void
sl_discovered_device_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlDiscoveredDevice *self = SL_DISCOVERED_DEVICE (object);

  switch (prop_id)
    {
      case PROP_ADDRESS:
        g_value_set_string (value, self->address);
        break;
      case PROP_STATUS:
        g_value_set_enum (value, self->status);
        break;
      case PROP_MODEL:
        g_value_set_string (value, sl_discovered_device_get_model (self));
        break;
      case PROP_MESSAGE:
        g_value_set_string (value, self->message);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_discovered_device_finalize (GObject *object)
{
  SlDiscoveredDevice *self = SL_DISCOVERED_DEVICE (object);

  g_free (self->host);
  g_free (self->address);
  g_clear_pointer (&self->info, sl_vapix_device_free);
  g_free (self->message);
  g_free (self->username);
  sl_credentials_free_password (self->password);

  G_OBJECT_CLASS (sl_discovered_device_parent_class)->finalize (object);
}

static void
sl_discovered_device_class_init (SlDiscoveredDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_discovered_device_get_property;
  object_class->finalize = sl_discovered_device_finalize;

  properties[PROP_ADDRESS] =
      g_param_spec_string ("address", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_enum (
      "status", NULL, NULL, SL_TYPE_DISCOVERY_STATUS, SL_DISCOVERY_STATUS_PROBING,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] =
      g_param_spec_string ("model", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
      g_param_spec_string ("message", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_discovered_device_init (SlDiscoveredDevice *self)
{
}

SlDiscoveredDevice *
sl_discovered_device_new (const char *host, guint16 port)
{
  SlDiscoveredDevice *self = g_object_new (SL_TYPE_DISCOVERED_DEVICE, NULL);

  self->host = g_strdup (host);
  self->port = port;
  self->address = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                             : g_strdup_printf ("%s:%u", host, port);
  return self;
}

const char *
sl_discovered_device_get_host (SlDiscoveredDevice *self)
{
  return self->host;
}

guint16
sl_discovered_device_get_port (SlDiscoveredDevice *self)
{
  return self->port;
}

const char *
sl_discovered_device_get_address (SlDiscoveredDevice *self)
{
  return self->address;
}

SlDiscoveryStatus
sl_discovered_device_get_status (SlDiscoveredDevice *self)
{
  return self->status;
}

const char *
sl_discovered_device_get_model (SlDiscoveredDevice *self)
{
  return self->info != NULL ? self->info->model : NULL;
}

const char *
sl_discovered_device_get_serial (SlDiscoveredDevice *self)
{
  return self->info != NULL ? self->info->serial : NULL;
}

const char *
sl_discovered_device_get_message (SlDiscoveredDevice *self)
{
  return self->message;
}

const SlVapixDevice *
sl_discovered_device_get_info (SlDiscoveredDevice *self)
{
  return self->info;
}

const char *
sl_discovered_device_get_username (SlDiscoveredDevice *self)
{
  return self->username;
}

const char *
sl_discovered_device_get_password (SlDiscoveredDevice *self)
{
  return self->password;
}

void
sl_discovered_device_set_result (SlDiscoveredDevice *self,
                                 SlDiscoveryStatus status,
                                 const SlVapixDevice *info,
                                 const char *message)
{
  g_return_if_fail (SL_IS_DISCOVERED_DEVICE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (info != NULL || status == SL_DISCOVERY_STATUS_COMMUNICATING)
    {
      g_clear_pointer (&self->info, sl_vapix_device_free);
      self->info = info ? sl_vapix_device_copy (info) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
sl_discovered_device_set_account (SlDiscoveredDevice *self,
                                  const char *username,
                                  const char *password)
{
  g_free (self->username);
  self->username = g_strdup (username);
  sl_credentials_free_password (self->password);
  self->password = g_strdup (password);
}
