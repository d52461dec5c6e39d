/* clt-archive.c: the exports inside a ZIP file, as Mailchimp's audience export comes
 *
 * Reads the ZIP's central directory and inflates the CSV and JSON members with GIO's
 * zlib decompressor. Stored and deflated members are supported, as every exporting
 * system writes them; encrypted and ZIP64 archives are refused with a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-archive"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clt-archive.h"
#include "clt-import-error.h"

#define EOCD_SIGNATURE    0x06054b50
#define CENTRAL_SIGNATURE 0x02014b50
#define LOCAL_SIGNATURE   0x04034b50
#define MAX_COMMENT       0xffff
#define CHUNK             (64 * 1024)

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

/**
 * clt_archive_is_zip:
 *
 * Returns: whether @file starts like a ZIP archive
 */
gboolean
clt_archive_is_zip (GFile *file)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guint8 magic[4];
  gsize n = 0;

  return stream != NULL &&
         g_input_stream_read_all (G_INPUT_STREAM (stream), magic, sizeof magic, &n, NULL, NULL) &&
         n == 4 && le32 (magic) == LOCAL_SIGNATURE;
}

static gboolean
wanted (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *base = g_path_get_basename (name);

  return !g_str_has_suffix (name, "/") && base[0] != '.' && !g_str_has_prefix (name, "__MACOSX/") &&
         (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".tsv") ||
          g_str_has_suffix (lower, ".json") || g_str_has_suffix (lower, ".jsonl"));
}

static gboolean
read_at (GInputStream  *stream,
         goffset        offset,
         guint8        *buffer,
         gsize          len,
         GError       **error)
{
  gsize n = 0;

  if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, error) ||
      !g_input_stream_read_all (stream, buffer, len, &n, NULL, error))
    return FALSE;

  if (n != len)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX, _("The ZIP file is cut short"));
      return FALSE;
    }

  return TRUE;
}

/* Copies a member's @size bytes to @out, inflating them when @method is deflate. */
static gboolean
copy_member (GInputStream   *in,
             GOutputStream  *out,
             guint16         method,
             guint32         size,
             GError        **error)
{
  g_autofree guint8 *buffer = NULL;
  guint32 left = size;

  if (method == 8)
    {
      g_autoptr(GZlibDecompressor) inflater = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
      g_autoptr(GInputStream) inflated = g_converter_input_stream_new (in, G_CONVERTER (inflater));

      /* The deflate stream ends itself; the decompressor stops there. */
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (inflated), FALSE);
      if (g_output_stream_splice (out, inflated, G_OUTPUT_STREAM_SPLICE_NONE, NULL, error) < 0)
        {
          g_prefix_error (error, _("The ZIP file is damaged: "));
          return FALSE;
        }
      return TRUE;
    }

  buffer = g_malloc (CHUNK);
  while (left > 0)
    {
      gsize n = 0;

      if (!g_input_stream_read_all (in, buffer, MIN (left, CHUNK), &n, NULL, error))
        return FALSE;
      if (n == 0)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX, _("The ZIP file is cut short"));
          return FALSE;
        }
      if (!g_output_stream_write_all (out, buffer, n, NULL, NULL, error))
        return FALSE;
      left -= n;
    }

  return TRUE;
}

/**
 * clt_archive_extract:
 * @file: a ZIP archive
 * @dir: an existing, private folder to extract into
 *
 * Extracts the archive's CSV and JSON members into @dir, each under its own base name.
 *
 * Returns: (transfer full) (element-type GFile): the extracted files, or %NULL with @error set
 */
GPtrArray *
clt_archive_extract (GFile       *file,
                     const char  *dir,
                     GError     **error)
{
  g_autoptr(GFileInputStream) file_stream = g_file_read (file, NULL, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree guint8 *tail = NULL;
  GInputStream *in;
  goffset size;
  gsize tail_len;
  gssize eocd = -1;
  guint16 entries;
  guint32 directory;

  if (file_stream == NULL)
    return NULL;
  in = G_INPUT_STREAM (file_stream);

  if (!(info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error)))
    return NULL;
  size = g_file_info_get_size (info);

  /* The end of central directory record is in the last 64 KiB and 22 bytes. */
  tail_len = MIN (size, MAX_COMMENT + 22);
  tail = g_malloc (tail_len);
  if (!read_at (in, size - tail_len, tail, tail_len, error))
    return NULL;
  for (gssize i = tail_len - 22; i >= 0; i--)
    {
      if (le32 (tail + i) == EOCD_SIGNATURE)
        {
          eocd = i;
          break;
        }
    }
  if (eocd < 0)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX, _("The ZIP file is damaged or cut short"));
      return NULL;
    }

  entries = le16 (tail + eocd + 10);
  directory = le32 (tail + eocd + 16);
  if (entries == 0xffff || directory == 0xffffffff)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                   _("ZIP files larger than 4 GB are not supported; unpack it and import its files"));
      return NULL;
    }

  for (guint e = 0; e < entries; e++)
    {
      guint8 header[46];
      guint8 local[30];
      g_autofree char *name = NULL;
      g_autofree char *base = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GFile) out_file = NULL;
      g_autoptr(GFileOutputStream) out = NULL;
      guint16 method, name_len, extra_len, comment_len, flags;
      guint32 compressed, offset;

      if (!read_at (in, directory, header, sizeof header, error))
        return NULL;
      if (le32 (header) != CENTRAL_SIGNATURE)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX, _("The ZIP file is damaged"));
          return NULL;
        }

      flags = le16 (header + 8);
      method = le16 (header + 10);
      compressed = le32 (header + 20);
      name_len = le16 (header + 28);
      extra_len = le16 (header + 30);
      comment_len = le16 (header + 32);
      offset = le32 (header + 42);

      name = g_malloc0 (name_len + 1);
      if (!read_at (in, directory + sizeof header, (guint8 *) name, name_len, error))
        return NULL;
      directory += sizeof header + name_len + extra_len + comment_len;

      if (!wanted (name))
        continue;

      if (flags & 1)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                       _("“%s” in the ZIP file is encrypted; unpack it and import its files"), name);
          return NULL;
        }
      if (method != 0 && method != 8)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                       _("“%s” in the ZIP file is compressed in a way Clientele does not read; unpack it and import its files"),
                       name);
          return NULL;
        }

      if (!read_at (in, offset, local, sizeof local, error))
        return NULL;
      if (le32 (local) != LOCAL_SIGNATURE)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_SYNTAX, _("The ZIP file is damaged"));
          return NULL;
        }
      if (!g_seekable_seek (G_SEEKABLE (in), offset + sizeof local + le16 (local + 26) + le16 (local + 28),
                            G_SEEK_SET, NULL, error))
        return NULL;

      /* Only the base name is used: a member's path never leaves @dir. */
      base = g_path_get_basename (name);
      path = g_build_filename (dir, base, NULL);
      out_file = g_file_new_for_path (path);
      if (!(out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error)) ||
          !copy_member (in, G_OUTPUT_STREAM (out), method, compressed, error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
        return NULL;

      g_ptr_array_add (files, g_steal_pointer (&out_file));
    }

  return g_steal_pointer (&files);
}

/**
 * clt_archive_remove_dir:
 * @dir: a folder of extracted or written files, without subfolders
 *
 * Removes the files in @dir and @dir itself.
 */
void
clt_archive_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}
