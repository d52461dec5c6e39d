/* clt-settings.c: typed access to Clientele's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-settings"

#include "config.h"

#include "clt-settings.h"

struct _CltSettings
{
  GObject    parent_instance;

  GSettings *settings;
};

enum {
  PROP_0,
  PROP_LAST_WORKSPACE,
  PROP_OPEN_LAST_WORKSPACE,
  PROP_ACTOR_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltSettings, clt_settings, G_TYPE_OBJECT)

static void
settings_changed_cb (CltSettings *self,
                     const char  *key,
                     GSettings   *settings)
{
  g_assert (CLT_IS_SETTINGS (self));

  if (g_str_equal (key, CLT_SETTING_KEY_LAST_WORKSPACE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_WORKSPACE]);
  else if (g_str_equal (key, CLT_SETTING_KEY_OPEN_LAST_WORKSPACE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN_LAST_WORKSPACE]);
  else if (g_str_equal (key, CLT_SETTING_KEY_ACTOR_NAME))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR_NAME]);
}

static void
clt_settings_dispose (GObject *object)
{
  CltSettings *self = (CltSettings *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (clt_settings_parent_class)->dispose (object);
}

static void
clt_settings_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CltSettings *self = CLT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_LAST_WORKSPACE:
      g_value_take_string (value, clt_settings_dup_last_workspace (self));
      break;

    case PROP_OPEN_LAST_WORKSPACE:
      g_value_set_boolean (value, clt_settings_get_open_last_workspace (self));
      break;

    case PROP_ACTOR_NAME:
      g_value_take_string (value, clt_settings_dup_actor_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_settings_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CltSettings *self = CLT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_LAST_WORKSPACE:
      clt_settings_set_last_workspace (self, g_value_get_string (value));
      break;

    case PROP_OPEN_LAST_WORKSPACE:
      clt_settings_set_open_last_workspace (self, g_value_get_boolean (value));
      break;

    case PROP_ACTOR_NAME:
      clt_settings_set_actor_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_settings_class_init (CltSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_settings_dispose;
  object_class->get_property = clt_settings_get_property;
  object_class->set_property = clt_settings_set_property;

  properties[PROP_LAST_WORKSPACE] =
    g_param_spec_string (CLT_SETTING_KEY_LAST_WORKSPACE, NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OPEN_LAST_WORKSPACE] =
    g_param_spec_boolean (CLT_SETTING_KEY_OPEN_LAST_WORKSPACE, NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The name every action is recorded under; empty: the login name. */
  properties[PROP_ACTOR_NAME] =
    g_param_spec_string (CLT_SETTING_KEY_ACTOR_NAME, NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_settings_init (CltSettings *self)
{
  self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}

CltSettings *
clt_settings_new (void)
{
  return g_object_new (CLT_TYPE_SETTINGS, NULL);
}

/**
 * clt_settings_get_settings:
 *
 * Returns: (transfer none): the #GSettings, for binding window state
 */
GSettings *
clt_settings_get_settings (CltSettings *self)
{
  g_return_val_if_fail (CLT_IS_SETTINGS (self), NULL);

  return self->settings;
}

/**
 * clt_settings_dup_last_workspace:
 *
 * Returns: (transfer full) (nullable): the workspace opened last, or %NULL
 */
char *
clt_settings_dup_last_workspace (CltSettings *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CLT_IS_SETTINGS (self), NULL);

  path = g_settings_get_string (self->settings, CLT_SETTING_KEY_LAST_WORKSPACE);

  return path[0] != '\0' ? g_steal_pointer (&path) : NULL;
}

void
clt_settings_set_last_workspace (CltSettings *self,
                                 const char  *path)
{
  g_autofree char *old = NULL;

  g_return_if_fail (CLT_IS_SETTINGS (self));

  old = clt_settings_dup_last_workspace (self);
  if (g_strcmp0 (old, path) == 0)
    return;

  g_settings_set_string (self->settings, CLT_SETTING_KEY_LAST_WORKSPACE, path ? path : "");
}

gboolean
clt_settings_get_open_last_workspace (CltSettings *self)
{
  g_return_val_if_fail (CLT_IS_SETTINGS (self), TRUE);

  return g_settings_get_boolean (self->settings, CLT_SETTING_KEY_OPEN_LAST_WORKSPACE);
}

void
clt_settings_set_open_last_workspace (CltSettings *self,
                                      gboolean     open_last_workspace)
{
  g_return_if_fail (CLT_IS_SETTINGS (self));

  open_last_workspace = !!open_last_workspace;
  if (open_last_workspace == clt_settings_get_open_last_workspace (self))
    return;

  g_settings_set_boolean (self->settings, CLT_SETTING_KEY_OPEN_LAST_WORKSPACE, open_last_workspace);
}

/**
 * clt_settings_dup_actor_name:
 *
 * Returns: (transfer full): the user's name for the audit log, trimmed; empty when not set
 */
char *
clt_settings_dup_actor_name (CltSettings *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (CLT_IS_SETTINGS (self), NULL);

  name = g_settings_get_string (self->settings, CLT_SETTING_KEY_ACTOR_NAME);

  return g_strstrip (g_steal_pointer (&name));
}

void
clt_settings_set_actor_name (CltSettings *self,
                             const char  *name)
{
  g_autofree char *old = NULL;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (CLT_IS_SETTINGS (self));

  old = clt_settings_dup_actor_name (self);
  trimmed = g_strstrip (g_strdup (name ? name : ""));
  if (g_str_equal (old, trimmed))
    return;

  g_settings_set_string (self->settings, CLT_SETTING_KEY_ACTOR_NAME, trimmed);
}

void
clt_settings_get_window_size (CltSettings *self,
                              int         *width,
                              int         *height)
{
  g_return_if_fail (CLT_IS_SETTINGS (self));

  *width = g_settings_get_int (self->settings, CLT_SETTING_KEY_WINDOW_WIDTH);
  *height = g_settings_get_int (self->settings, CLT_SETTING_KEY_WINDOW_HEIGHT);
}
