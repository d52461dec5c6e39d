/* clt-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-application"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-application-private.h"
#include "clt-settings.h"
#include "clt-window.h"

struct _CltApplication
{
  AdwApplication  parent_instance;

  char           *workspace_path;
};

enum {
  PROP_0,
  PROP_WORKSPACE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltApplication, clt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the workspace at PATH"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  G_OPTION_ENTRY_NULL
};

/* The workspace to open at start: the one asked for, else the last one, else the
 * default one if it exists. NULL means a first start: the window offers sample data. */
static char *
choose_workspace (CltApplication *self)
{
  g_autoptr(CltSettings) settings = clt_settings_new ();
  g_autofree char *last = NULL;
  g_autofree char *fallback = NULL;

  if (self->workspace_path != NULL)
    return g_strdup (self->workspace_path);

  if (clt_settings_get_open_last_workspace (settings) &&
      (last = clt_settings_dup_last_workspace (settings)) != NULL &&
      g_file_test (last, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&last);

  fallback = clt_workspace_dup_default_path ();
  if (g_file_test (fallback, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&fallback);

  return NULL;
}

static void
clt_application_activate (GApplication *application)
{
  CltApplication *self = CLT_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      window = GTK_WINDOW (clt_window_new (ADW_APPLICATION (self)));

      if ((path = choose_workspace (self)) != NULL &&
          !clt_window_open_workspace (CLT_WINDOW (window), path, &error))
        {
          AdwToast *toast = adw_toast_new (error->message);

          adw_toast_set_timeout (toast, 0);
          clt_window_add_toast (CLT_WINDOW (window), toast);
        }
    }

  gtk_window_present (window);
}

static int
clt_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  CltApplication *self = CLT_APPLICATION (application);
  g_autofree char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "workspace", "^ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_autofree char *absolute = g_file_get_path (file);

      clt_application_set_workspace_path (self, absolute);
    }

  return G_APPLICATION_CLASS (clt_application_parent_class)->handle_local_options (application, options);
}

static void
clt_application_startup (GApplication *application)
{
  CltApplication *self = CLT_APPLICATION (application);

  G_APPLICATION_CLASS (clt_application_parent_class)->startup (application);

  _clt_application_actions_init (self);
}

static void
clt_application_finalize (GObject *object)
{
  CltApplication *self = (CltApplication *) object;

  g_clear_pointer (&self->workspace_path, g_free);

  G_OBJECT_CLASS (clt_application_parent_class)->finalize (object);
}

static void
clt_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CltApplication *self = CLT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE_PATH:
      g_value_set_string (value, self->workspace_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CltApplication *self = CLT_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE_PATH:
      clt_application_set_workspace_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_application_class_init (CltApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = clt_application_finalize;
  object_class->get_property = clt_application_get_property;
  object_class->set_property = clt_application_set_property;

  app_class->activate = clt_application_activate;
  app_class->handle_local_options = clt_application_handle_local_options;
  app_class->startup = clt_application_startup;

  properties[PROP_WORKSPACE_PATH] =
    g_param_spec_string ("workspace-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_application_init (CltApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}

/**
 * clt_application_init_i18n:
 *
 * Binds the gettext domain. Development builds take the folder of the
 * translations from `CLIENTELE_LOCALEDIR`, so that uninstalled builds are
 * translated too.
 */
void
clt_application_init_i18n (void)
{
  const char *localedir = LOCALEDIR;

#if DEVELOPMENT_BUILD
  if (g_getenv ("CLIENTELE_LOCALEDIR") != NULL)
    localedir = g_getenv ("CLIENTELE_LOCALEDIR");
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

CltApplication *
clt_application_new (void)
{
  return g_object_new (CLT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/clientele/Clientele",
                       NULL);
}

/**
 * clt_application_get_workspace_path:
 *
 * Returns: (nullable): the workspace given on the command line
 */
const char *
clt_application_get_workspace_path (CltApplication *self)
{
  g_return_val_if_fail (CLT_IS_APPLICATION (self), NULL);

  return self->workspace_path;
}

void
clt_application_set_workspace_path (CltApplication *self,
                                    const char     *path)
{
  g_return_if_fail (CLT_IS_APPLICATION (self));

  if (g_set_str (&self->workspace_path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE_PATH]);
}
