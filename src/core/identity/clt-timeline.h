/* clt-timeline.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  CLT_TIMELINE_PURCHASE,
  CLT_TIMELINE_RECEIPT,
  CLT_TIMELINE_NEWSLETTER_OPTIN,
  CLT_TIMELINE_NEWSLETTER_CONFIRM,
  CLT_TIMELINE_UNSUBSCRIBE,
  CLT_TIMELINE_BOUNCE,
  CLT_TIMELINE_CONSENT,
  CLT_TIMELINE_RECORD_CREATED,
  CLT_TIMELINE_RECORD_CHANGED,
  CLT_TIMELINE_MERGE,
  CLT_TIMELINE_SPLIT,
  CLT_TIMELINE_OTHER
} CltTimelineKind;

/* Where a page of a timeline ends: the next page starts after it. */
typedef struct
{
  char   *at;
  int     tag;
  gint64  id;
} CltTimelineCursor;

/* One thing that happened to a customer. */
typedef struct
{
  CltTimelineKind kind;
  /* ISO 8601: a date, or a date and time */
  char     *at;
  gboolean  has_amount;
  gint64    amount_cents;
  char     *currency;
  /* purchases: the order or receipt number, the store and the items, as "2 × Espresso" */
  char     *order;
  char     *store;
  GStrv     items;
  /* consent: what was done, for which purpose and channel, for which address, how */
  char     *action;
  char     *purpose;
  char     *channel;
  char     *identifier;
  char     *method;
  /* the record it came from: its system, file and data row; NULL when none */
  char     *source;
  char     *file;
  gint64    row;
  CltTimelineCursor cursor;
} CltTimelineEvent;

/* A customer's key facts. */
typedef struct
{
  /* ISO 8601 or NULL */
  char   *first_seen;
  char   *last_activity;
  char   *last_purchase;
  guint   orders;
  gint64  spend_cents;
  char   *currency;
  guint   n_events;
} CltProfileFacts;

/* The current consent of one of a customer's addresses for a purpose and channel. */
typedef struct
{
  char     *identifier;
  char     *purpose;
  char     *channel;
  char     *action;
  char     *event_time;
  /* given with a double opt-in confirmation */
  gboolean  confirmed;
} CltConsentState;

GPtrArray       *clt_timeline_list           (CltWorkspace            *workspace,
                                              gint64                   profile_id,
                                              const CltTimelineCursor *after,
                                              guint                    limit,
                                              GError                 **error);
CltProfileFacts *clt_timeline_get_facts      (CltWorkspace            *workspace,
                                              gint64                   profile_id,
                                              GError                 **error);
GPtrArray       *clt_timeline_list_consent   (CltWorkspace            *workspace,
                                              gint64                   profile_id,
                                              GError                 **error);

void             clt_timeline_event_free     (CltTimelineEvent        *event);
void             clt_profile_facts_free      (CltProfileFacts         *facts);
void             clt_consent_state_free      (CltConsentState         *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltProfileFacts, clt_profile_facts_free)

G_END_DECLS
