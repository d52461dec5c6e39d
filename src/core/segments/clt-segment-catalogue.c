/* clt-segment-catalogue.c: the fields, events, operators and states a condition may name
 *
 * Everything that reaches a query's text comes from these tables; values never do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clt-insights.h"
#include "clt-segment-catalogue.h"
#include "clt-segment-private.h"

/* The last activity is U+10FFFF when there is none (a sort key): NULL here. */
static const CltFieldInfo fields[] = {
  { "first_name", N_("First name"), CLT_VALUE_TEXT, "p.first_name", TRUE },
  { "last_name", N_("Last name"), CLT_VALUE_TEXT, "p.last_name", TRUE },
  { "email", N_("E-mail address"), CLT_VALUE_TEXT, "p.email", TRUE },
  { "phone", N_("Phone"), CLT_VALUE_TEXT, "p.phone", TRUE },
  { "street", N_("Street"), CLT_VALUE_TEXT, "p.street", TRUE },
  { "postcode", N_("Postcode"), CLT_VALUE_TEXT, "p.postcode", TRUE },
  { "city", N_("City"), CLT_VALUE_TEXT, "p.city", TRUE },
  { "country", N_("Country"), CLT_VALUE_TEXT, "p.country", TRUE },
  { "birthday", N_("Birthday"), CLT_VALUE_DATE, "p.birthday", TRUE },
  { "company", N_("Company"), CLT_VALUE_TEXT, "p.company", TRUE },
  { "customer_since", N_("Customer since"), CLT_VALUE_DATE, "f.first_seen", FALSE },
  { "last_activity", N_("Last activity"), CLT_VALUE_DATE, "nullif (f.last_activity, char (1114111))", FALSE },
  { "orders", N_("Orders"), CLT_VALUE_NUMBER, "f.orders", FALSE },
  { "spend", N_("Spend"), CLT_VALUE_MONEY, "f.spend_cents", FALSE },
  /* Computed by the insights (src/core/insights): NULL where nothing was computed. */
  { "rfm_group", N_("RFM group (computed)"), CLT_VALUE_TEXT,
    "(SELECT i.rfm_group FROM profile_insights i WHERE i.profile_id = f.profile_id)", FALSE },
  { "r_score", N_("RFM recency score (computed)"), CLT_VALUE_NUMBER,
    "(SELECT i.r_score FROM profile_insights i WHERE i.profile_id = f.profile_id)", FALSE },
  { "f_score", N_("RFM frequency score (computed)"), CLT_VALUE_NUMBER,
    "(SELECT i.f_score FROM profile_insights i WHERE i.profile_id = f.profile_id)", FALSE },
  { "m_score", N_("RFM monetary score (computed)"), CLT_VALUE_NUMBER,
    "(SELECT i.m_score FROM profile_insights i WHERE i.profile_id = f.profile_id)", FALSE },
  /* Compiled on its own (compile_next_offer ()): the expression is not used. */
  { "next_offer", N_("Next best offer (suggested)"), CLT_VALUE_TEXT, "NULL", FALSE },
};

static const char * const attribute_ids[] = {
  "first_name", "last_name", "email", "phone", "street", "postcode", "city", "country", "birthday", "company",
  "customer_since", "last_activity", "orders", "spend", "rfm_group", "r_score", "f_score", "m_score", "next_offer",
  NULL
};
static const char * const source_ids[] = { "source", "import", NULL };
static const char * const event_ids[] = {
  "purchase", "loyalty_receipt", "newsletter_open", "newsletter_click", "unsubscribe", "newsletter_optin",
  "newsletter_confirm", NULL
};
static const char * const purpose_ids[] = { "email_marketing", "postal_marketing", "ads_audience", NULL };
static const char * const channel_ids[] = { "email", "postal", "phone", "ads", NULL };
static const char * const state_ids[] = {
  "given", "refused", "withdrawn", "revoked", "expired", "invalidated", "unknown", NULL
};

static const struct { const char *id; const char *label; } labels[] = {
  { "source", N_("Source") }, { "import", N_("Import") },
  { "purchase", N_("Purchase") }, { "loyalty_receipt", N_("Loyalty receipt") },
  { "newsletter_open", N_("Newsletter opened") }, { "newsletter_click", N_("Newsletter link clicked") },
  { "unsubscribe", N_("Unsubscribed") }, { "newsletter_optin", N_("Newsletter sign-up") },
  { "newsletter_confirm", N_("Newsletter sign-up confirmed") },
  { "email_marketing", N_("E-mail marketing") }, { "postal_marketing", N_("Postal marketing") },
  { "ads_audience", N_("Ads audience") },
  { "email", N_("E-mail") }, { "postal", N_("Post") }, { "phone", N_("Phone") }, { "ads", N_("Ads") },
  { "given", N_("Given") }, { "refused", N_("Refused") }, { "withdrawn", N_("Withdrawn") },
  { "revoked", N_("Revoked") }, { "expired", N_("Expired") }, { "invalidated", N_("Invalidated") },
  { "unknown", N_("Unknown") },
};

static const char * const operator_ids[] = {
  [CLT_OPERATOR_IS] = "is",
  [CLT_OPERATOR_IS_NOT] = "is-not",
  [CLT_OPERATOR_CONTAINS] = "contains",
  [CLT_OPERATOR_STARTS_WITH] = "starts-with",
  [CLT_OPERATOR_IS_EMPTY] = "is-empty",
  [CLT_OPERATOR_EQ] = "=",
  [CLT_OPERATOR_NE] = "!=",
  [CLT_OPERATOR_LT] = "<",
  [CLT_OPERATOR_LE] = "<=",
  [CLT_OPERATOR_GT] = ">",
  [CLT_OPERATOR_GE] = ">=",
  [CLT_OPERATOR_BETWEEN] = "between",
  [CLT_OPERATOR_BEFORE] = "before",
  [CLT_OPERATOR_AFTER] = "after",
  [CLT_OPERATOR_WITHIN_LAST] = "within-last",
  [CLT_OPERATOR_ANNIVERSARY] = "anniversary",
  [CLT_OPERATOR_ANY_OF] = "any-of",
  [CLT_OPERATOR_NONE_OF] = "none-of",
  [CLT_OPERATOR_IN] = "in",
  [CLT_OPERATOR_NOT_IN] = "not-in",
};

const CltFieldInfo *
_clt_segment_field_info (const char *field)
{
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].id, field))
      return &fields[i];

  return NULL;
}

gboolean
_clt_segment_event_known (const char *event)
{
  return event != NULL && g_strv_contains (event_ids, event);
}

/* A purpose key as the catalogue of purposes makes them (the DPO may add purposes, so any
 * such key is taken; one the workspace does not have is nobody's). */
gboolean
_clt_segment_purpose_known (const char *purpose)
{
  gsize length = purpose ? strlen (purpose) : 0;

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = purpose; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

gboolean
_clt_segment_channel_known (const char *channel)
{
  return channel != NULL && g_strv_contains (channel_ids, channel);
}

gboolean
_clt_segment_state_known (const char *state)
{
  return state != NULL && g_strv_contains (state_ids, state);
}

/**
 * clt_segment_catalogue_list_fields:
 *
 * Returns: (transfer none): the fields of an attribute condition, the sources of a source
 *   condition ("source", "import"), the event kinds of a behaviour condition or the purposes
 *   every workspace has for a consent condition (its catalogue may have more)
 */
const char * const *
clt_segment_catalogue_list_fields (CltConditionKind kind)
{
  switch (kind)
    {
    case CLT_CONDITION_ATTRIBUTE: return attribute_ids;
    case CLT_CONDITION_SOURCE: return source_ids;
    case CLT_CONDITION_BEHAVIOUR: return event_ids;
    case CLT_CONDITION_CONSENT: return purpose_ids;
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * clt_segment_catalogue_list_states:
 *
 * Returns: (transfer none): the consent states, "unknown" last
 */
const char * const *
clt_segment_catalogue_list_states (void)
{
  return state_ids;
}

const char * const *
clt_segment_catalogue_list_channels (void)
{
  return channel_ids;
}

/**
 * clt_segment_catalogue_get_label:
 *
 * Returns: (transfer none): the translated label of a field, event, purpose, channel, state
 *   or choice
 */
const char *
clt_segment_catalogue_get_label (const char *id)
{
  const CltFieldInfo *info = _clt_segment_field_info (id);

  g_return_val_if_fail (id != NULL, NULL);

  if (info != NULL)
    return _(info->label);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].id, id))
      return _(labels[i].label);

  return clt_insights_rfm_group_get_label (id);
}

/**
 * clt_segment_catalogue_list_choices:
 *
 * Returns: (transfer none) (nullable): the values an attribute @field may take, when they
 *   are a fixed list (the RFM groups), else %NULL
 */
const char * const *
clt_segment_catalogue_list_choices (const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return g_str_equal (field, "rfm_group") ? clt_insights_list_rfm_groups () : NULL;
}

const char *
clt_segment_operator_to_string (CltOperator op)
{
  g_return_val_if_fail (op < G_N_ELEMENTS (operator_ids), NULL);

  return operator_ids[op];
}

gboolean
clt_segment_operator_from_string (const char  *text,
                                  CltOperator *op)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (operator_ids); i++)
    if (g_str_equal (operator_ids[i], text))
      {
        *op = i;
        return TRUE;
      }

  return FALSE;
}

static gboolean
is_comparison (CltOperator op)
{
  return op >= CLT_OPERATOR_EQ && op <= CLT_OPERATOR_BETWEEN;
}

/**
 * clt_segment_catalogue_operator_fits:
 *
 * Returns: whether @op is offered for @field of a condition of @kind
 */
gboolean
clt_segment_catalogue_operator_fits (CltConditionKind  kind,
                                     const char       *field,
                                     CltOperator       op)
{
  const CltFieldInfo *info;

  switch (kind)
    {
    case CLT_CONDITION_ATTRIBUTE:
      if (!(info = _clt_segment_field_info (field)))
        return FALSE;
      /* A group is one of a list; an offer is a product the rules name. */
      if (g_str_equal (field, "rfm_group"))
        return op == CLT_OPERATOR_IS || op == CLT_OPERATOR_IS_NOT;
      if (g_str_equal (field, "next_offer"))
        return op == CLT_OPERATOR_IS || op == CLT_OPERATOR_IS_NOT || op == CLT_OPERATOR_ANY_OF ||
               op == CLT_OPERATOR_NONE_OF;
      switch (info->type)
        {
        case CLT_VALUE_TEXT:
          return op <= CLT_OPERATOR_IS_EMPTY || op == CLT_OPERATOR_ANY_OF || op == CLT_OPERATOR_NONE_OF;
        case CLT_VALUE_NUMBER:
        case CLT_VALUE_MONEY:
          return is_comparison (op);
        case CLT_VALUE_DATE:
          return (op >= CLT_OPERATOR_BEFORE && op <= CLT_OPERATOR_ANNIVERSARY) || op == CLT_OPERATOR_IS_EMPTY;
        default:
          return FALSE;
        }

    case CLT_CONDITION_SOURCE:
      return op == CLT_OPERATOR_IN || op == CLT_OPERATOR_NOT_IN;

    case CLT_CONDITION_BEHAVIOUR:
      return is_comparison (op);

    case CLT_CONDITION_CONSENT:
      return op == CLT_OPERATOR_IS || op == CLT_OPERATOR_IS_NOT || op == CLT_OPERATOR_ANY_OF ||
             op == CLT_OPERATOR_NONE_OF;

    default:
      return FALSE;
    }
}

/* A finite decimal number, as typed ("12", "-3.5"); nothing else. */
gboolean
_clt_value_parse_number (const char *text,
                         double     *number)
{
  char *end = NULL;
  double value;

  if (text == NULL || text[0] == '\0' || g_ascii_isspace (text[0]))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '+' && *p != 'e' && *p != 'E')
      return FALSE;

  value = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || !isfinite (value))
    return FALSE;

  *number = value;

  return TRUE;
}

static gboolean
is_date (const char *text)
{
  int y, m, d;
  char tail;

  return text != NULL && strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy (d, m, y);
}

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID, _("%s: %s"), where, message);

  return FALSE;
}

static gboolean
check_count (const char * const  *values,
             guint                min,
             guint                max,
             const char          *op,
             const char          *where,
             GError             **error)
{
  guint n = g_strv_length ((char **) values);

  if (n >= min && n <= max)
    return TRUE;
  if (min == max)
    return invalid (error, where, g_dngettext (GETTEXT_PACKAGE, "“%s” takes %u value, not %u",
                                               "“%s” takes %u values, not %u", min), op, min, n);

  return invalid (error, where, _("“%s” takes at least %u values, not %u"), op, min, n);
}

static gboolean
check_numbers (const char * const  *values,
               const char          *where,
               GError             **error)
{
  double number;

  for (guint i = 0; values[i]; i++)
    if (!_clt_value_parse_number (values[i], &number))
      return invalid (error, where, _("“%s” is not a number"), values[i]);

  return TRUE;
}

static gboolean
check_comparison (CltOperator          op,
                  const char * const  *values,
                  const char          *where,
                  GError             **error)
{
  const char *name = clt_segment_operator_to_string (op);

  if (op == CLT_OPERATOR_BETWEEN)
    return check_count (values, 2, 2, name, where, error) && check_numbers (values, where, error);

  return check_count (values, 1, 1, name, where, error) && check_numbers (values, where, error);
}

/**
 * _clt_condition_validate:
 * @where: where the condition is, for the message ("/children/2")
 *
 * Checks that the field, operator and values fit together, the values parse, and the
 * behaviour's filters and window are whole.
 */
gboolean
_clt_condition_validate (CltCondition  *self,
                         const char    *where,
                         GError       **error)
{
  CltConditionKind kind = clt_condition_get_kind (self);
  const char *field = clt_condition_get_field (self);
  CltOperator op = clt_condition_get_operator (self);
  const char * const *values = clt_condition_get_values (self);
  const char *name = clt_segment_operator_to_string (op);
  const CltFieldInfo *info;
  double number;

  switch (kind)
    {
    case CLT_CONDITION_ATTRIBUTE:
      if (!(info = _clt_segment_field_info (field)))
        return invalid (error, where, _("unknown field “%s”"), field ? field : "");
      break;

    case CLT_CONDITION_SOURCE:
      if (field == NULL || !g_strv_contains (source_ids, field))
        return invalid (error, where, _("unknown source field “%s” (source or import)"), field ? field : "");
      break;

    case CLT_CONDITION_BEHAVIOUR:
      if (!_clt_segment_event_known (field))
        return invalid (error, where, _("unknown event kind “%s”"), field ? field : "");
      break;

    case CLT_CONDITION_CONSENT:
      if (!_clt_segment_purpose_known (field))
        return invalid (error, where, _("unknown purpose “%s”"), field ? field : "");
      if (!_clt_segment_channel_known (clt_condition_get_channel (self)))
        return invalid (error, where, _("unknown channel “%s”"),
                        clt_condition_get_channel (self) ? clt_condition_get_channel (self) : "");
      break;

    default:
      return invalid (error, where, _("unknown condition kind"));
    }

  if (!clt_segment_catalogue_operator_fits (kind, field, op))
    return invalid (error, where, _("the operator “%s” does not fit “%s”"), name, field);

  switch (op)
    {
    case CLT_OPERATOR_IS:
    case CLT_OPERATOR_IS_NOT:
    case CLT_OPERATOR_CONTAINS:
    case CLT_OPERATOR_STARTS_WITH:
      if (!check_count (values, 1, 1, name, where, error))
        return FALSE;
      break;

    case CLT_OPERATOR_IS_EMPTY:
    case CLT_OPERATOR_ANNIVERSARY:
      if (!check_count (values, 0, 0, name, where, error))
        return FALSE;
      break;

    case CLT_OPERATOR_EQ:
    case CLT_OPERATOR_NE:
    case CLT_OPERATOR_LT:
    case CLT_OPERATOR_LE:
    case CLT_OPERATOR_GT:
    case CLT_OPERATOR_GE:
    case CLT_OPERATOR_BETWEEN:
      if (!check_comparison (op, values, where, error))
        return FALSE;
      break;

    case CLT_OPERATOR_BEFORE:
    case CLT_OPERATOR_AFTER:
      if (!check_count (values, 1, 1, name, where, error))
        return FALSE;
      if (!is_date (values[0]))
        return invalid (error, where, _("“%s” is not a date (YYYY-MM-DD)"), values[0]);
      break;

    case CLT_OPERATOR_WITHIN_LAST:
      if (!check_count (values, 1, 2, name, where, error))
        return FALSE;
      if (!_clt_value_parse_number (values[0], &number) || number < 0 || number > 100000 || number != floor (number))
        return invalid (error, where, _("“%s” is not a whole number of days, weeks or months"), values[0]);
      if (values[1] && !g_strv_contains ((const char * const[]) { "days", "weeks", "months", NULL }, values[1]))
        return invalid (error, where, _("unknown unit “%s” (days, weeks or months)"), values[1]);
      break;

    case CLT_OPERATOR_ANY_OF:
    case CLT_OPERATOR_NONE_OF:
    case CLT_OPERATOR_IN:
    case CLT_OPERATOR_NOT_IN:
      if (!check_count (values, 1, G_MAXUINT, name, where, error))
        return FALSE;
      break;

    default:
      return invalid (error, where, _("unknown operator"));
    }

  if (kind == CLT_CONDITION_CONSENT)
    for (guint i = 0; values[i]; i++)
      if (!_clt_segment_state_known (values[i]))
        return invalid (error, where, _("unknown consent state “%s”"), values[i]);

  if (kind == CLT_CONDITION_ATTRIBUTE && clt_segment_catalogue_list_choices (field) != NULL)
    for (guint i = 0; values[i]; i++)
      if (!g_strv_contains (clt_segment_catalogue_list_choices (field), values[i]))
        return invalid (error, where, _("unknown value “%s” of “%s”"), values[i], field);

  if (kind == CLT_CONDITION_SOURCE && g_str_equal (field, "import"))
    for (guint i = 0; values[i]; i++)
      if (!_clt_value_parse_number (values[i], &number) || number != floor (number) || number < 1 || number > 1e15)
        return invalid (error, where, _("“%s” is not an import number"), values[i]);

  if (kind == CLT_CONDITION_BEHAVIOUR)
    {
      const char *amounts[] = { clt_condition_get_amount_min (self), clt_condition_get_amount_max (self) };

      for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
        if (amounts[i] && !_clt_value_parse_number (amounts[i], &number))
          return invalid (error, where, _("“%s” is not an amount"), amounts[i]);

      switch (clt_condition_get_window (self))
        {
        case CLT_TIME_WINDOW_ALWAYS:
          break;

        case CLT_TIME_WINDOW_LAST_DAYS:
          if (clt_condition_get_window_days (self) == 0 || clt_condition_get_window_days (self) > 100000)
            return invalid (error, where, _("the window needs a number of days"));
          break;

        case CLT_TIME_WINDOW_BETWEEN:
          if (!is_date (clt_condition_get_window_from (self)) || !is_date (clt_condition_get_window_to (self)))
            return invalid (error, where, _("the window needs two dates (YYYY-MM-DD)"));
          break;

        case CLT_TIME_WINDOW_BEFORE_EVENT:
        case CLT_TIME_WINDOW_AFTER_EVENT:
          if (!_clt_segment_event_known (clt_condition_get_window_event (self)))
            return invalid (error, where, _("unknown event kind “%s” in the window"),
                            clt_condition_get_window_event (self) ? clt_condition_get_window_event (self) : "");
          break;

        default:
          return invalid (error, where, _("unknown time window"));
        }
    }

  return TRUE;
}
