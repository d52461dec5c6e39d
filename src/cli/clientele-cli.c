/* clientele-cli.c: Clientele from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-core.h"

#define EXIT_USER_ERROR  1
#define EXIT_USAGE_ERROR 2

typedef int (*CommandFunc) (CltWorkspace *workspace, int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *summary;
  CommandFunc  func;
} Command;

static int
command_info (CltWorkspace  *workspace,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;

  if (argc > 1)
    {
      g_printerr (_("info takes no arguments\n"));
      return EXIT_USAGE_ERROR;
    }

  if (!(counts = clt_workspace_count_tables (workspace, &error)))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (_("Workspace: %s\n"), clt_workspace_get_path (workspace));
  g_print (_("Schema version: %u\n"), clt_workspace_get_schema_version (workspace));
  g_print (_("Rows per table:\n"));
  for (guint i = 0; i < counts->len; i++)
    {
      const CltTableCount *count = &g_array_index (counts, CltTableCount, i);

      g_print ("  %-20s %12" G_GINT64_FORMAT "\n", count->table, count->rows);
    }

  return EXIT_SUCCESS;
}

static int
command_sample (CltWorkspace  *workspace,
                int            argc,
                char         **argv)
{
  g_autoptr(GError) error = NULL;
  int people = 500;

  if (argc > 2)
    {
      g_printerr (_("Usage: clientele-cli sample [PEOPLE]\n"));
      return EXIT_USAGE_ERROR;
    }
  if (argc == 2)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (argv[1], 10, 1, 10000000, &value, NULL))
        {
          g_printerr (_("PEOPLE must be a number from 1 to 10000000\n"));
          return EXIT_USAGE_ERROR;
        }
      people = (int) value;
    }

  if (!clt_sample_fill (workspace, people, 20261123, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USER_ERROR;
    }

  g_print (ngettext ("Added %d invented customer.\n", "Added %d invented customers.\n", people), people);

  return EXIT_SUCCESS;
}

static const Command commands[] = {
  { "info", N_("Show the schema version and the rows in each table"), command_info },
  { "sample", N_("Fill an empty workspace with invented customers"), command_sample },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-10s %s", commands[i].name, _(commands[i].summary));

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *commands_text = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path,
      N_("The workspace file (default: the one Clientele opens)"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARG…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  commands_text = describe_commands ();
  g_option_context_set_description (context, commands_text);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("clientele-cli: %s\n", error->message);
      return EXIT_USAGE_ERROR;
    }

  if (version)
    {
      g_print ("clientele-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE_ERROR;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[1], commands[i].name))
        continue;

      if (workspace_path == NULL)
        workspace_path = clt_workspace_dup_default_path ();

      if (!(workspace = clt_workspace_open (workspace_path, &error)))
        {
          g_printerr ("clientele-cli: %s\n", error->message);
          return EXIT_USER_ERROR;
        }

      return commands[i].func (workspace, argc - 1, argv + 1);
    }

  g_printerr (_("clientele-cli: unknown command “%s”; see clientele-cli --help\n"), argv[1]);

  return EXIT_USAGE_ERROR;
}
