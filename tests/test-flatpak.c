/* test-flatpak.c: the Flatpak manifest names the right app and asks for no more than it needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

static void
test_manifest (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("CLT_MANIFEST");
  static const char * const allowed[] = {
    "--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri", NULL,
  };
  JsonObject *root;
  JsonArray *finish_args;
  JsonArray *modules;
  JsonObject *last;
  const char *runtime_version;

  g_assert_nonnull (path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "id"), ==, "io.github.clientele.Clientele.Devel");
  g_assert_cmpstr (json_object_get_string_member (root, "command"), ==, "clientele");
  g_assert_cmpstr (json_object_get_string_member (root, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (root, "sdk"), ==, "org.gnome.Sdk");
  runtime_version = json_object_get_string_member (root, "runtime-version");
  g_assert_cmpint (g_ascii_strtoll (runtime_version, NULL, 10), >=, 48);

  finish_args = json_object_get_array_member (root, "finish-args");
  g_assert_cmpuint (json_array_get_length (finish_args), ==, g_strv_length ((char **) allowed));
  for (guint i = 0; i < json_array_get_length (finish_args); i++)
    g_assert_true (g_strv_contains (allowed, json_array_get_string_element (finish_args, i)));

  modules = json_object_get_array_member (root, "modules");
  g_assert_cmpuint (json_array_get_length (modules), ==, 1);
  last = json_array_get_object_element (modules, 0);
  g_assert_cmpstr (json_object_get_string_member (last, "buildsystem"), ==, "meson");
  g_assert_true (json_object_get_boolean_member (last, "builddir"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flatpak/manifest", test_manifest);

  return g_test_run ();
}
