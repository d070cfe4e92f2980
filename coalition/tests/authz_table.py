"""The authorisation matrix: the status every role gets on every page and API operation, per method.

Columns (coalition/tests/authz_world.py): anon = anonymous; obs = observer of X; delA/delB = delegates of
EE/LU in X; secX/secY = secretariat of X / of Y (no role in X); staff = superuser; reg = registry manager
(portal-wide, no coalition role); read/write/expired = bearer tokens of X's secretariat.

Pages are called with the session of each role (a bearer token does not log in to a page: read/write/expired
answer like anon); POST sends an empty form. API operations are called with a write token of each role
(read/write/expired: the secretariat's tokens); POST/PUT/PATCH send `{}`. Each cell runs in a savepoint that
is rolled back. Arguments name records of authz_world.build_records (`pk=pledge`, `number=meeting.number`)
or are literals (`direction=up`); `slug` is always coalition X's.

Adding a page or an endpoint: add its rows here (GET and POST for a page; every method the schema lists
for an operation) with the status each role should get — decide it, then run
`pytest coalition/tests/test_authz_matrix.py` (AUTHZ_MATRIX_ACTUAL=/tmp/actual.txt writes what the portal
answers, to compare), and `make security-docs` to update docs/security.md.
"""

# The columns, in order (docs/security.md says who each one is).
ROLES = ["anon", "obs", "delA", "delB", "secX", "secY", "staff", "reg", "read", "write", "expired"]

PAGES = """
# name                           arguments                                meth  anon  obs delA delB secX secY staff  reg read write expired
home                             -                                        GET    302  200  200  200  200  200  200  200  302  302  302
home                             -                                        POST   302  200  200  200  200  200  200  200  302  302  302
healthz                          -                                        GET    200  200  200  200  200  200  200  200  200  200  200
healthz                          -                                        POST   200  200  200  200  200  200  200  200  200  200  200
readyz                           -                                        GET    200  200  200  200  200  200  200  200  200  200  200
readyz                           -                                        POST   200  200  200  200  200  200  200  200  200  200  200
login                            -                                        GET    200  200  200  200  200  200  200  200  200  200  200
login                            -                                        POST   200  200  200  200  200  200  200  200  200  200  200
logout                           -                                        GET    302  405  405  405  405  405  405  405  302  302  302
logout                           -                                        POST   302  302  302  302  302  302  302  302  302  302  302
password_change                  -                                        GET    302  200  200  200  200  200  200  200  302  302  302
password_change                  -                                        POST   302  200  200  200  200  200  200  200  302  302  302
password_change_done             -                                        GET    302  200  200  200  200  200  200  200  302  302  302
password_change_done             -                                        POST   302  405  405  405  405  405  405  405  302  302  302
password_reset                   -                                        GET    200  200  200  200  200  200  200  200  200  200  200
password_reset                   -                                        POST   200  200  200  200  200  200  200  200  200  200  200
password_reset_done              -                                        GET    200  200  200  200  200  200  200  200  200  200  200
password_reset_done              -                                        POST   405  405  405  405  405  405  405  405  405  405  405
password_reset_confirm           uidb64=MQ,token=set-password             GET    200  200  200  200  200  200  200  200  200  200  200
password_reset_confirm           uidb64=MQ,token=set-password             POST   200  200  200  200  200  200  200  200  200  200  200
password_reset_complete          -                                        GET    200  200  200  200  200  200  200  200  200  200  200
password_reset_complete          -                                        POST   405  405  405  405  405  405  405  405  405  405  405
set_language                     -                                        GET    302  302  302  302  302  302  302  302  302  302  302
set_language                     -                                        POST   302  302  302  302  302  302  302  302  302  302  302
coalition-list                   -                                        GET    302  200  200  200  200  200  200  200  302  302  302
coalition-list                   -                                        POST   302  405  405  405  405  405  405  405  302  302  302
participant-add                  -                                        GET    302  403  403  403  403  403  200  200  302  302  302
participant-add                  -                                        POST   302  403  403  403  403  403  200  200  302  302  302
participant-detail               code=participant.code                    GET    302  200  200  200  200  200  200  200  302  302  302
participant-detail               code=participant.code                    POST   302  405  405  405  405  405  405  405  302  302  302
participant-edit                 code=participant.code                    GET    302  403  403  403  403  403  200  200  302  302  302
participant-edit                 code=participant.code                    POST   302  403  403  403  403  403  200  200  302  302  302
coalition-home                   -                                        GET    302  200  200  200  200  404  200  404  302  302  302
coalition-home                   -                                        POST   302  405  405  405  405  404  405  404  302  302  302
coalition-edit                   -                                        GET    302  403  403  403  200  404  200  404  302  302  302
coalition-edit                   -                                        POST   302  403  403  403  200  404  200  404  302  302  302
participant-list                 -                                        GET    302  200  200  200  200  404  200  404  302  302  302
participant-list                 -                                        POST   302  405  405  405  405  404  405  404  302  302  302
membership-add                   -                                        GET    302  403  403  403  200  404  200  404  302  302  302
membership-add                   -                                        POST   302  403  403  403  200  404  200  404  302  302  302
membership-change-role           pk=membership                            GET    302  403  403  403  200  404  200  404  302  302  302
membership-change-role           pk=membership                            POST   302  403  403  403  200  404  200  404  302  302  302
membership-end                   pk=membership                            GET    302  403  403  403  200  404  200  404  302  302  302
membership-end                   pk=membership                            POST   302  403  403  403  200  404  200  404  302  302  302
expert-group-add                 -                                        GET    302  403  403  403  200  404  200  404  302  302  302
expert-group-add                 -                                        POST   302  403  403  403  200  404  200  404  302  302  302
expert-group-detail              pk=expert_group                          GET    302  200  200  200  200  404  200  404  302  302  302
expert-group-detail              pk=expert_group                          POST   302  405  405  405  405  404  405  404  302  302  302
expert-group-edit                pk=expert_group                          GET    302  403  403  403  200  404  200  404  302  302  302
expert-group-edit                pk=expert_group                          POST   302  403  403  403  200  404  200  404  302  302  302
proposal-list                    -                                        GET    302  403  403  403  200  404  200  404  302  302  302
proposal-list                    -                                        POST   302  405  405  405  405  404  405  404  302  302  302
proposal-participant-add         -                                        GET    302  403  403  403  200  404  200  404  302  302  302
proposal-participant-add         -                                        POST   302  403  403  403  200  404  200  404  302  302  302
proposal-participant-rename      code=participant.code                    GET    302  403  403  403  200  404  200  404  302  302  302
proposal-participant-rename      code=participant.code                    POST   302  403  403  403  200  404  200  404  302  302  302
proposal-fx-rate-add             -                                        GET    302  403  403  403  200  404  200  404  302  302  302
proposal-fx-rate-add             -                                        POST   302  403  403  403  200  404  200  404  302  302  302
proposal-withdraw                pk=registry_proposal                     GET    302  404  404  404  200  404  200  404  302  302  302
proposal-withdraw                pk=registry_proposal                     POST   302  404  404  404  302  404  302  404  302  302  302
proposal-queue                   -                                        GET    302  403  403  403  403  403  200  200  302  302  302
proposal-queue                   -                                        POST   302  403  403  403  403  403  405  405  302  302  302
proposal-decide                  pk=registry_proposal                     GET    302  404  404  404  403  404  200  200  302  302  302
proposal-decide                  pk=registry_proposal                     POST   302  404  404  404  403  404  200  200  302  302  302
audit                            -                                        GET    302  403  403  403  200  404  200  404  302  302  302
audit                            -                                        POST   302  405  405  405  405  404  405  404  302  302  302
lockout-list                     -                                        GET    302  403  403  403  403  403  200  403  302  302  302
lockout-list                     -                                        POST   302  403  403  403  403  403  405  403  302  302  302
lockout-unlock                   pk=access_attempt                        GET    302  403  403  403  403  403  405  403  302  302  302
lockout-unlock                   pk=access_attempt                        POST   302  403  403  403  403  403  302  403  302  302  302
token-list                       -                                        GET    302  200  200  200  200  200  200  200  302  302  302
token-list                       -                                        POST   302  200  200  200  200  200  200  200  302  302  302
token-rotate                     pk=api_token                             GET    302  405  405  405  405  405  405  405  302  302  302
token-rotate                     pk=api_token                             POST   302  404  200  404  403  404  403  404  302  302  302
token-revoke                     pk=api_token                             GET    302  404  200  404  200  404  200  404  302  302  302
token-revoke                     pk=api_token                             POST   302  404  302  404  302  404  302  404  302  302  302
pledge-list                      -                                        GET    302  200  200  200  200  404  200  404  302  302  302
pledge-list                      -                                        POST   302  405  405  405  405  404  405  404  302  302  302
pledge-add                       -                                        GET    302  403  403  403  200  404  200  404  302  302  302
pledge-add                       -                                        POST   302  403  403  403  200  404  200  404  302  302  302
pledge-export                    -                                        GET    302  200  200  200  200  404  200  404  302  302  302
pledge-export                    -                                        POST   302  405  405  405  405  404  405  404  302  302  302
pledge-import                    -                                        GET    302  403  403  403  200  404  200  404  302  302  302
pledge-import                    -                                        POST   302  403  403  403  200  404  200  404  302  302  302
pledge-summary                   -                                        GET    302  200  200  200  200  404  200  404  302  302  302
pledge-summary                   -                                        POST   302  405  405  405  405  404  405  404  302  302  302
pledge-review-status             -                                        GET    302  200  200  200  200  404  200  404  302  302  302
pledge-review-status             -                                        POST   302  405  405  405  405  404  405  404  302  302  302
pledge-detail                    pk=pledge                                GET    302  200  200  200  200  404  200  404  302  302  302
pledge-detail                    pk=pledge                                POST   302  405  405  405  405  404  405  404  302  302  302
pledge-edit                      pk=pledge                                GET    302  403  403  403  200  404  200  404  302  302  302
pledge-edit                      pk=pledge                                POST   302  403  403  403  200  404  200  404  302  302  302
pledge-transition                pk=pledge                                GET    302  403  403  403  200  404  200  404  302  302  302
pledge-transition                pk=pledge                                POST   302  403  403  403  200  404  200  404  302  302  302
pledge-delete                    pk=pledge                                GET    302  403  403  403  200  404  200  404  302  302  302
pledge-delete                    pk=pledge                                POST   302  403  403  403  200  404  200  404  302  302  302
pledge-confirm                   pk=pledge                                GET    302  403  200  403  403  404  200  404  302  302  302
pledge-confirm                   pk=pledge                                POST   302  403  200  403  403  404  200  404  302  302  302
pledge-dispute                   pk=pledge                                GET    302  403  200  403  403  404  200  404  302  302  302
pledge-dispute                   pk=pledge                                POST   302  403  200  403  403  404  200  404  302  302  302
pledge-record-confirmation       pk=pledge                                GET    302  403  403  403  200  404  200  404  302  302  302
pledge-record-confirmation       pk=pledge                                POST   302  403  403  403  200  404  200  404  302  302  302
pledge-deleted                   -                                        GET    302  403  403  403  200  404  200  404  302  302  302
pledge-deleted                   -                                        POST   302  405  405  405  405  404  405  404  302  302  302
review-evidence                  pk=999999                                GET    302  404  404  404  404  404  404  404  302  302  302
review-evidence                  pk=999999                                POST   302  405  405  405  405  404  405  404  302  302  302
disbursement-add                 pk=pledge                                GET    302  403  403  403  200  404  200  404  302  302  302
disbursement-add                 pk=pledge                                POST   302  403  403  403  200  404  200  404  302  302  302
disbursement-edit                pk=disbursement                          GET    302  403  403  403  200  404  200  404  302  302  302
disbursement-edit                pk=disbursement                          POST   302  403  403  403  200  404  200  404  302  302  302
disbursement-delete              pk=disbursement                          GET    302  403  403  403  200  404  200  404  302  302  302
disbursement-delete              pk=disbursement                          POST   302  403  403  403  302  404  302  404  302  302  302
fx-rate-list                     -                                        GET    302  200  200  200  200  404  200  404  302  302  302
fx-rate-list                     -                                        POST   302  405  405  405  405  404  405  404  302  302  302
fx-rate-add                      -                                        GET    302  403  403  403  403  404  200  404  302  302  302
fx-rate-add                      -                                        POST   302  403  403  403  403  404  200  404  302  302  302
fx-rate-upload                   -                                        GET    302  403  403  403  403  404  200  404  302  302  302
fx-rate-upload                   -                                        POST   302  403  403  403  403  404  200  404  302  302  302
reported-total-add               -                                        GET    302  403  403  403  200  404  200  404  302  302  302
reported-total-add               -                                        POST   302  403  403  403  200  404  200  404  302  302  302
reported-total-edit              pk=reported_total                        GET    302  403  403  403  200  404  200  404  302  302  302
reported-total-edit              pk=reported_total                        POST   302  403  403  403  200  404  200  404  302  302  302
meeting-list                     -                                        GET    302  200  200  200  200  404  200  404  302  302  302
meeting-list                     -                                        POST   302  405  405  405  405  404  405  404  302  302  302
meeting-add                      -                                        GET    302  403  403  403  200  404  200  404  302  302  302
meeting-add                      -                                        POST   302  403  403  403  200  404  200  404  302  302  302
meeting-feed                     -                                        GET    404  404  404  404  404  404  404  404  404  404  404
meeting-feed                     -                                        POST   405  405  405  405  405  405  405  405  405  405  405
meeting-calendar                 -                                        GET    302  200  200  200  200  404  200  404  302  302  302
meeting-calendar                 -                                        POST   302  200  200  200  200  404  200  404  302  302  302
meeting-notifications            -                                        GET    302  200  200  200  200  404  200  404  302  302  302
meeting-notifications            -                                        POST   302  302  302  302  302  404  302  404  302  302  302
action-item-board                -                                        GET    302  200  200  200  200  404  200  404  302  302  302
action-item-board                -                                        POST   302  405  405  405  405  404  405  404  302  302  302
action-item-transition           pk=action_item,transition=done           GET    302  403  200  403  200  404  200  404  302  302  302
action-item-transition           pk=action_item,transition=done           POST   302  403  302  403  302  404  302  404  302  302  302
agenda-document-download         pk=agenda_document                       GET    302  200  200  200  200  404  200  404  302  302  302
agenda-document-download         pk=agenda_document                       POST   302  405  405  405  405  404  405  404  302  302  302
meeting-ics                      number=meeting.number                    GET    302  200  200  200  200  404  200  404  302  302  302
meeting-ics                      number=meeting.number                    POST   302  405  405  405  405  404  405  404  302  302  302
meeting-detail                   number=meeting.number                    GET    302  200  200  200  200  404  200  404  302  302  302
meeting-detail                   number=meeting.number                    POST   302  405  405  405  405  404  405  404  302  302  302
meeting-edit                     number=next_meeting.number               GET    302  403  403  403  200  404  200  404  302  302  302
meeting-edit                     number=next_meeting.number               POST   302  403  403  403  200  404  200  404  302  302  302
meeting-cancel                   number=next_meeting.number               GET    302  403  403  403  200  404  200  404  302  302  302
meeting-cancel                   number=next_meeting.number               POST   302  403  403  403  302  404  302  404  302  302  302
meeting-mark-held                number=next_meeting.number               GET    302  405  405  405  405  404  405  404  302  302  302
meeting-mark-held                number=next_meeting.number               POST   302  403  403  403  302  404  302  404  302  302  302
meeting-invite                   number=next_meeting.number               GET    302  403  403  403  200  404  200  404  302  302  302
meeting-invite                   number=next_meeting.number               POST   302  403  403  403  200  404  200  404  302  302  302
invitation-rsvp                  number=next_meeting.number,pk=invitation GET    302  403  200  403  200  404  200  404  302  302  302
invitation-rsvp                  number=next_meeting.number,pk=invitation POST   302  403  200  403  200  404  200  404  302  302  302
invitation-delete                number=next_meeting.number,pk=invitation GET    302  403  403  403  200  404  200  404  302  302  302
invitation-delete                number=next_meeting.number,pk=invitation POST   302  403  403  403  302  404  302  404  302  302  302
attendance-record                number=meeting.number                    GET    302  403  403  403  200  404  200  404  302  302  302
attendance-record                number=meeting.number                    POST   302  403  403  403  302  404  302  404  302  302  302
agenda-item-add                  number=next_meeting.number               GET    302  403  403  403  200  404  200  404  302  302  302
agenda-item-add                  number=next_meeting.number               POST   302  403  403  403  200  404  200  404  302  302  302
agenda-item-edit                 number=next_meeting.number,pk=agenda_item GET    302  403  403  403  200  404  200  404  302  302  302
agenda-item-edit                 number=next_meeting.number,pk=agenda_item POST   302  403  403  403  200  404  200  404  302  302  302
agenda-item-delete               number=next_meeting.number,pk=agenda_item GET    302  403  403  403  200  404  200  404  302  302  302
agenda-item-delete               number=next_meeting.number,pk=agenda_item POST   302  403  403  403  302  404  302  404  302  302  302
agenda-item-move                 number=next_meeting.number,pk=agenda_item,direction=up GET    302  405  405  405  405  404  405  404  302  302  302
agenda-item-move                 number=next_meeting.number,pk=agenda_item,direction=up POST   302  403  403  403  302  404  302  404  302  302  302
agenda-document-add              number=next_meeting.number,pk=agenda_item GET    302  403  200  200  200  404  200  404  302  302  302
agenda-document-add              number=next_meeting.number,pk=agenda_item POST   302  403  200  200  200  404  200  404  302  302  302
agenda-document-delete           number=next_meeting.number,pk=agenda_document GET    302  403  403  403  200  404  200  404  302  302  302
agenda-document-delete           number=next_meeting.number,pk=agenda_document POST   302  403  403  403  302  404  302  404  302  302  302
decision-add                     number=meeting.number                    GET    302  403  403  403  200  404  200  404  302  302  302
decision-add                     number=meeting.number                    POST   302  403  403  403  200  404  200  404  302  302  302
decision-edit                    number=meeting.number,pk=decision        GET    302  403  403  403  200  404  200  404  302  302  302
decision-edit                    number=meeting.number,pk=decision        POST   302  403  403  403  200  404  200  404  302  302  302
action-item-add                  number=meeting.number                    GET    302  403  403  403  200  404  200  404  302  302  302
action-item-add                  number=meeting.number                    POST   302  403  403  403  200  404  200  404  302  302  302
action-item-edit                 number=meeting.number,pk=action_item     GET    302  403  200  403  200  404  200  404  302  302  302
action-item-edit                 number=meeting.number,pk=action_item     POST   302  403  200  403  200  404  200  404  302  302  302
minutes-edit                     number=meeting.number                    GET    302  403  403  403  200  404  200  404  302  302  302
minutes-edit                     number=meeting.number                    POST   302  403  403  403  200  404  200  404  302  302  302
minutes-circulate                number=meeting.number                    GET    302  403  403  403  200  404  200  404  302  302  302
minutes-circulate                number=meeting.number                    POST   302  403  403  403  302  404  302  404  302  302  302
minutes-approve                  number=meeting.number                    GET    302  403  403  403  200  404  200  404  302  302  302
minutes-approve                  number=meeting.number                    POST   302  403  403  403  200  404  200  404  302  302  302
minutes-revisions                number=meeting.number                    GET    302  200  200  200  200  404  200  404  302  302  302
minutes-revisions                number=meeting.number                    POST   302  405  405  405  405  404  405  404  302  302  302
roadmap-list                     -                                        GET    302  200  200  200  200  404  200  404  302  302  302
roadmap-list                     -                                        POST   302  405  405  405  405  404  405  404  302  302  302
roadmap-timeline                 -                                        GET    302  200  200  200  200  404  200  404  302  302  302
roadmap-timeline                 -                                        POST   302  405  405  405  405  404  405  404  302  302  302
roadmap-item-add                 -                                        GET    302  403  403  403  200  404  200  404  302  302  302
roadmap-item-add                 -                                        POST   302  403  403  403  200  404  200  404  302  302  302
roadmap-allocate                 -                                        GET    302  403  403  403  200  404  200  404  302  302  302
roadmap-allocate                 -                                        POST   302  403  403  403  200  404  200  404  302  302  302
roadmap-item-detail              pk=roadmap_item                          GET    302  200  200  200  200  404  200  404  302  302  302
roadmap-item-detail              pk=roadmap_item                          POST   302  405  405  405  405  404  405  404  302  302  302
roadmap-item-edit                pk=roadmap_item                          GET    302  403  403  403  200  404  200  404  302  302  302
roadmap-item-edit                pk=roadmap_item                          POST   302  403  403  403  200  404  200  404  302  302  302
roadmap-item-delete              pk=roadmap_item                          GET    302  403  403  403  200  404  200  404  302  302  302
roadmap-item-delete              pk=roadmap_item                          POST   302  403  403  403  200  404  200  404  302  302  302
roadmap-item-transition          pk=roadmap_item                          GET    302  403  403  403  200  404  200  404  302  302  302
roadmap-item-transition          pk=roadmap_item                          POST   302  403  403  403  200  404  200  404  302  302  302
roadmap-item-allocate            pk=roadmap_item                          GET    302  403  403  403  200  404  200  404  302  302  302
roadmap-item-allocate            pk=roadmap_item                          POST   302  403  403  403  200  404  200  404  302  302  302
order-add                        pk=roadmap_item                          GET    302  403  403  403  200  404  200  404  302  302  302
order-add                        pk=roadmap_item                          POST   302  403  403  403  200  404  200  404  302  302  302
allocation-edit                  pk=allocation                            GET    302  403  403  403  200  404  200  404  302  302  302
allocation-edit                  pk=allocation                            POST   302  403  403  403  200  404  200  404  302  302  302
allocation-delete                pk=allocation                            GET    302  403  403  403  200  404  200  404  302  302  302
allocation-delete                pk=allocation                            POST   302  403  403  403  302  404  302  404  302  302  302
order-edit                       pk=order                                 GET    302  403  403  403  200  404  200  404  302  302  302
order-edit                       pk=order                                 POST   302  403  403  403  200  404  200  404  302  302  302
order-delete                     pk=order                                 GET    302  403  403  403  200  404  200  404  302  302  302
order-delete                     pk=order                                 POST   302  403  403  403  200  404  200  404  302  302  302
delivery-add                     pk=order                                 GET    302  403  403  403  200  404  200  404  302  302  302
delivery-add                     pk=order                                 POST   302  403  403  403  200  404  200  404  302  302  302
delivery-edit                    pk=delivery                              GET    302  403  403  403  200  404  200  404  302  302  302
delivery-edit                    pk=delivery                              POST   302  403  403  403  200  404  200  404  302  302  302
delivery-delete                  pk=delivery                              GET    302  403  403  403  200  404  200  404  302  302  302
delivery-delete                  pk=delivery                              POST   302  403  403  403  302  404  302  404  302  302  302
capability-area-list             -                                        GET    302  200  200  200  200  404  200  404  302  302  302
capability-area-list             -                                        POST   302  405  405  405  405  404  405  404  302  302  302
capability-area-add              -                                        GET    302  403  403  403  200  404  200  404  302  302  302
capability-area-add              -                                        POST   302  403  403  403  200  404  200  404  302  302  302
capability-area-edit             pk=capability_area                       GET    302  403  403  403  200  404  200  404  302  302  302
capability-area-edit             pk=capability_area                       POST   302  403  403  403  200  404  200  404  302  302  302
dashboard                        -                                        GET    302  200  200  200  200  404  200  404  302  302  302
dashboard                        -                                        POST   302  405  405  405  405  404  405  404  302  302  302
dashboard-regenerate             -                                        GET    302  405  405  405  405  404  405  404  302  302  302
dashboard-regenerate             -                                        POST   302  403  403  403  302  404  302  404  302  302  302
summary-job-status               pk=summary_job                           GET    302  200  200  200  200  404  200  404  302  302  302
summary-job-status               pk=summary_job                           POST   302  405  405  405  405  404  405  404  302  302  302
snapshot-detail                  pk=snapshot                              GET    302  200  200  200  200  404  200  404  302  302  302
snapshot-detail                  pk=snapshot                              POST   302  405  405  405  405  404  405  404  302  302  302
snapshot-changes                 -                                        GET    302  200  200  200  200  404  200  404  302  302  302
snapshot-changes                 -                                        POST   302  405  405  405  405  404  405  404  302  302  302
briefing-pack                    number=meeting.number                    GET    302  200  200  200  200  404  200  404  302  302  302
briefing-pack                    number=meeting.number                    POST   302  405  405  405  405  404  405  404  302  302  302
briefing-pack-build              number=next_meeting.number               GET    302  405  405  405  405  404  405  404  302  302  302
briefing-pack-build              number=next_meeting.number               POST   302  403  403  403  302  404  302  404  302  302  302
delegation-list                  -                                        GET    302  200  200  200  200  404  200  404  302  302  302
delegation-list                  -                                        POST   302  405  405  405  405  404  405  404  302  302  302
contact-add                      -                                        GET    302  403  200  200  200  404  200  404  302  302  302
contact-add                      -                                        POST   302  403  200  200  200  404  200  404  302  302  302
contact-import                   -                                        GET    302  403  200  200  200  404  200  404  302  302  302
contact-import                   -                                        POST   302  403  200  200  200  404  200  404  302  302  302
contact-export                   -                                        GET    302  200  200  200  200  404  200  404  302  302  302
contact-export                   -                                        POST   302  405  405  405  405  404  405  404  302  302  302
contact-edit                     pk=contact                               GET    302  404  200  404  200  404  200  404  302  302  302
contact-edit                     pk=contact                               POST   302  404  200  404  200  404  200  404  302  302  302
contact-delete                   pk=contact                               GET    302  404  200  404  200  404  200  404  302  302  302
contact-delete                   pk=contact                               POST   302  404  302  404  302  404  302  404  302  302  302
distribution-list-list           -                                        GET    302  200  200  200  200  404  200  404  302  302  302
distribution-list-list           -                                        POST   302  405  405  405  405  404  405  404  302  302  302
distribution-list-add            -                                        GET    302  403  403  403  200  404  200  404  302  302  302
distribution-list-add            -                                        POST   302  403  403  403  200  404  200  404  302  302  302
distribution-list-detail         pk=distribution_list                     GET    302  200  200  200  200  404  200  404  302  302  302
distribution-list-detail         pk=distribution_list                     POST   302  405  405  405  405  404  405  404  302  302  302
distribution-list-edit           pk=distribution_list                     GET    302  403  403  403  200  404  200  404  302  302  302
distribution-list-edit           pk=distribution_list                     POST   302  403  403  403  200  404  200  404  302  302  302
distribution-list-delete         pk=distribution_list                     GET    302  403  403  403  200  404  200  404  302  302  302
distribution-list-delete         pk=distribution_list                     POST   302  403  403  403  302  404  302  404  302  302  302
registration-add                 number=next_meeting.number,pk=invitation GET    302  403  200  403  200  404  200  404  302  302  302
registration-add                 number=next_meeting.number,pk=invitation POST   302  403  200  403  200  404  200  404  302  302  302
registration-edit                number=next_meeting.number,pk=registration GET    302  403  200  403  200  404  200  404  302  302  302
registration-edit                number=next_meeting.number,pk=registration POST   302  403  200  403  200  404  200  404  302  302  302
registration-delete              number=next_meeting.number,pk=registration GET    302  403  200  403  200  404  200  404  302  302  302
registration-delete              number=next_meeting.number,pk=registration POST   302  403  302  403  302  404  302  404  302  302  302
attendance-sheet                 number=next_meeting.number               GET    302  403  403  403  200  404  200  404  302  302  302
attendance-sheet                 number=next_meeting.number               POST   302  405  405  405  405  404  405  404  302  302  302
badge-list                       number=next_meeting.number               GET    302  403  403  403  200  404  200  404  302  302  302
badge-list                       number=next_meeting.number               POST   302  405  405  405  405  404  405  404  302  302  302
# issue 14: the work between meetings
action-item-progress             pk=action_item                           GET    302  403  200  403  200  404  200  404  302  302  302
action-item-progress             pk=action_item                           POST   302  403  200  403  200  404  200  404  302  302  302
decision-register                -                                        GET    302  200  200  200  200  404  200  404  302  302  302
decision-register                -                                        POST   302  405  405  405  405  404  405  404  302  302  302
document-detail                  number=next_meeting.number,pk=agenda_document GET    302  200  200  200  200  404  200  404  302  302  302
document-detail                  number=next_meeting.number,pk=agenda_document POST   302  405  405  405  405  404  405  404  302  302  302
document-edit                    number=next_meeting.number,pk=agenda_document GET    302  403  403  403  200  404  200  404  302  302  302
document-edit                    number=next_meeting.number,pk=agenda_document POST   302  403  403  403  200  404  200  404  302  302  302
document-version-add             number=next_meeting.number,pk=agenda_document GET    302  403  403  403  200  404  200  404  302  302  302
document-version-add             number=next_meeting.number,pk=agenda_document POST   302  403  403  403  200  404  200  404  302  302  302
marking-list                     -                                        GET    302  200  200  200  200  404  200  404  302  302  302
marking-list                     -                                        POST   302  405  405  405  405  404  405  404  302  302  302
marking-add                      -                                        GET    302  403  403  403  200  404  200  404  302  302  302
marking-add                      -                                        POST   302  403  403  403  200  404  200  404  302  302  302
marking-edit                     pk=classification_marking                GET    302  403  403  403  200  404  200  404  302  302  302
marking-edit                     pk=classification_marking                POST   302  403  403  403  200  404  200  404  302  302  302
marking-delete                   pk=classification_marking                GET    302  403  403  403  200  404  200  404  302  302  302
marking-delete                   pk=classification_marking                POST   302  403  403  403  302  404  302  404  302  302  302
minutes-comments                 number=meeting.number                    GET    302  200  200  200  200  404  200  404  302  302  302
minutes-comments                 number=meeting.number                    POST   302  405  405  405  405  404  405  404  302  302  302
minutes-comment-add              number=meeting.number                    GET    302  403  200  200  200  404  200  404  302  302  302
minutes-comment-add              number=meeting.number                    POST   302  403  200  200  200  404  200  404  302  302  302
minutes-comment-edit             number=meeting.number,pk=minutes_comment GET    302  403  200  403  200  404  200  404  302  302  302
minutes-comment-edit             number=meeting.number,pk=minutes_comment POST   302  403  200  403  200  404  200  404  302  302  302
minutes-comment-delete           number=meeting.number,pk=minutes_comment GET    302  403  200  403  200  404  200  404  302  302  302
minutes-comment-delete           number=meeting.number,pk=minutes_comment POST   302  403  302  403  302  404  302  404  302  302  302
minutes-comment-answer           number=meeting.number,pk=minutes_comment GET    302  403  403  403  200  404  200  404  302  302  302
minutes-comment-answer           number=meeting.number,pk=minutes_comment POST   302  403  403  403  200  404  200  404  302  302  302
minutes-agree                    number=meeting.number                    GET    302  405  405  405  405  404  405  404  302  302  302
minutes-agree                    number=meeting.number                    POST   302  403  302  302  302  404  302  404  302  302  302
record-of-decisions              number=meeting.number                    GET    302  200  200  200  200  404  200  404  302  302  302
record-of-decisions              number=meeting.number                    POST   302  405  405  405  405  404  405  404  302  302  302
written-procedure-list           -                                        GET    302  200  200  200  200  404  200  404  302  302  302
written-procedure-list           -                                        POST   302  405  405  405  405  404  405  404  302  302  302
written-procedure-add            -                                        GET    302  403  403  403  200  404  200  404  302  302  302
written-procedure-add            -                                        POST   302  403  403  403  200  404  200  404  302  302  302
written-procedure-detail         number=written_procedure.number          GET    302  200  200  200  200  404  200  404  302  302  302
written-procedure-detail         number=written_procedure.number          POST   302  405  405  405  405  404  405  404  302  302  302
written-procedure-edit           number=written_procedure.number          GET    302  403  403  403  200  404  200  404  302  302  302
written-procedure-edit           number=written_procedure.number          POST   302  403  403  403  200  404  200  404  302  302  302
written-procedure-circulate      number=written_procedure.number          GET    302  403  403  403  200  404  200  404  302  302  302
written-procedure-circulate      number=written_procedure.number          POST   302  403  403  403  200  404  200  404  302  302  302
written-procedure-break-silence  number=written_procedure.number          GET    302  403  200  200  200  404  200  404  302  302  302
written-procedure-break-silence  number=written_procedure.number          POST   302  403  200  200  200  404  200  404  302  302  302
written-procedure-withdraw       number=written_procedure.number          GET    302  403  403  403  200  404  200  404  302  302  302
written-procedure-withdraw       number=written_procedure.number          POST   302  403  403  403  302  404  302  404  302  302  302
written-procedure-conclude       number=written_procedure.number          GET    302  405  405  405  405  404  405  404  302  302  302
written-procedure-conclude       number=written_procedure.number          POST   302  403  403  403  302  404  302  404  302  302  302
written-procedure-delete         number=written_procedure.number          GET    302  403  403  403  200  404  200  404  302  302  302
written-procedure-delete         number=written_procedure.number          POST   302  403  403  403  302  404  302  404  302  302  302
webhook-list                     -                                        GET    302  403  403  403  200  404  200  404  302  302  302
webhook-list                     -                                        POST   302  405  405  405  405  404  405  404  302  302  302
webhook-add                      -                                        GET    302  403  403  403  200  404  200  404  302  302  302
webhook-add                      -                                        POST   302  403  403  403  200  404  200  404  302  302  302
webhook-edit                     pk=webhook_endpoint                      GET    302  404  404  404  200  404  200  404  302  302  302
webhook-edit                     pk=webhook_endpoint                      POST   302  404  404  404  200  404  200  404  302  302  302
webhook-delete                   pk=webhook_endpoint                      GET    302  404  404  404  200  404  200  404  302  302  302
webhook-delete                   pk=webhook_endpoint                      POST   302  404  404  404  302  404  302  404  302  302  302
webhook-delivery-list            -                                        GET    302  403  403  403  200  404  200  404  302  302  302
webhook-delivery-list            -                                        POST   302  405  405  405  405  404  405  404  302  302  302
webhook-delivery-redeliver       pk=webhook_delivery                      GET    302  404  404  404  200  404  200  404  302  302  302
webhook-delivery-redeliver       pk=webhook_delivery                      POST   302  404  404  404  302  404  302  404  302  302  302
"""

API = """
# meth  path                                                           anon  obs delA delB secX secY staff  reg read write expired
GET     /api/v1/action-items/                                           401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/action-items/                                           401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/action-items/{id}/                                      401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/action-items/{id}/                                      401  403  400  403  400  404  400  404  403  400  401
PATCH   /api/v1/action-items/{id}/                                      401  403  200  403  200  404  200  404  403  200  401
DELETE  /api/v1/action-items/{id}/                                      401  403  403  403  204  404  204  404  403  204  401
POST    /api/v1/action-items/{id}/complete/                             401  403  200  403  200  404  200  404  403  200  401
POST    /api/v1/action-items/{id}/drop/                                 401  403  403  403  200  404  200  404  403  200  401
POST    /api/v1/action-items/{id}/reopen/                               401  403  409  403  409  404  409  404  403  409  401
GET     /api/v1/agenda-items/                                           401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/agenda-items/                                           401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/agenda-items/{id}/                                      401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/agenda-items/{id}/                                      401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/agenda-items/{id}/                                      401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/agenda-items/{id}/                                      401  403  403  403  204  404  204  404  403  204  401
POST    /api/v1/agenda-items/{id}/move/                                 401  403  403  403  400  404  400  404  403  400  401
GET     /api/v1/allocations/                                            401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/allocations/                                            401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/allocations/{id}/                                       401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/allocations/{id}/                                       401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/allocations/{id}/                                       401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/allocations/{id}/                                       401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/audit/                                                401  400  400  400  400  400  400  400  400  400  401  # ?coalition= is required
GET     /api/v1/attendances/                                            401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/attendances/                                            401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/attendances/{id}/                                       401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/attendances/{id}/                                       401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/attendances/{id}/                                       401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/attendances/{id}/                                       401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/capability-areas/                                       401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/capability-areas/                                       401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/capability-areas/{id}/                                  401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/capability-areas/{id}/                                  401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/capability-areas/{id}/                                  401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/capability-areas/{id}/                                  401  403  403  403  409  404  409  404  403  409  401
GET     /api/v1/changes/                                              401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/coalitions/                                             401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/coalitions/                                             401  403  403  403  403  403  400  403  403  403  401
GET     /api/v1/coalitions/{id}/                                        401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/coalitions/{id}/                                        401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/coalitions/{id}/                                        401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/coalitions/{id}/                                        401  403  403  403  403  404  409  404  403  403  401
GET     /api/v1/decisions/                                              401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/decisions/                                              401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/decisions/{id}/                                         401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/decisions/{id}/                                         401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/decisions/{id}/                                         401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/decisions/{id}/                                         401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/deliveries/                                             401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/deliveries/                                             401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/deliveries/{id}/                                        401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/deliveries/{id}/                                        401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/deliveries/{id}/                                        401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/deliveries/{id}/                                        401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/disbursements/                                          401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/disbursements/                                          401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/disbursements/{id}/                                     401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/disbursements/{id}/                                     401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/disbursements/{id}/                                     401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/disbursements/{id}/                                     401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/expert-groups/                                          401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/expert-groups/                                          401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/expert-groups/{id}/                                     401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/expert-groups/{id}/                                     401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/expert-groups/{id}/                                     401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/expert-groups/{id}/                                     401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/fx-rates/                                               401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/fx-rates/                                               401  403  403  403  403  403  400  400  403  403  401
GET     /api/v1/fx-rates/{id}/                                          401  200  200  200  200  200  200  200  200  200  401
PUT     /api/v1/fx-rates/{id}/                                          401  403  403  403  403  403  400  400  403  403  401
PATCH   /api/v1/fx-rates/{id}/                                          401  403  403  403  403  403  200  200  403  403  401
DELETE  /api/v1/fx-rates/{id}/                                          401  403  403  403  403  403  204  204  403  403  401
GET     /api/v1/invitations/                                            401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/invitations/                                            401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/invitations/{id}/                                       401  200  200  200  200  404  200  404  200  200  401
PATCH   /api/v1/invitations/{id}/                                       401  403  200  403  200  404  200  404  403  200  401
DELETE  /api/v1/invitations/{id}/                                       401  403  403  403  204  404  204  404  403  204  401
POST    /api/v1/invitations/{id}/respond/                               401  403  400  403  400  404  400  404  403  400  401
GET     /api/v1/meetings/                                               401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/meetings/                                               401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/meetings/{id}/                                          401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/meetings/{id}/                                          401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/meetings/{id}/                                          401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/meetings/{id}/                                          401  403  403  403  409  404  409  404  403  409  401
GET     /api/v1/meetings/{id}/attendance-summary/                       401  200  200  200  200  404  200  404  200  200  401
POST    /api/v1/meetings/{id}/cancel/                                   401  403  403  403  409  404  409  404  403  409  401
GET     /api/v1/meetings/{id}/ics/                                      401  200  200  200  200  404  200  404  200  200  401
POST    /api/v1/meetings/{id}/invite/                                   401  403  403  403  400  404  400  404  403  400  401
POST    /api/v1/meetings/{id}/mark-held/                                401  403  403  403  409  404  409  404  403  409  401
GET     /api/v1/memberships/                                            401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/memberships/                                            401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/memberships/{id}/                                       401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/memberships/{id}/                                       401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/memberships/{id}/                                       401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/memberships/{id}/                                       401  403  403  403  204  404  204  404  403  204  401
POST    /api/v1/memberships/{id}/change-role/                           401  403  403  403  400  404  400  404  403  400  401
GET     /api/v1/minutes/                                                401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/minutes/                                                401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/minutes/{id}/                                           401  200  200  200  200  404  200  404  200  200  401
PATCH   /api/v1/minutes/{id}/                                           401  403  403  403  200  404  200  404  403  200  401
POST    /api/v1/minutes/{id}/approve/                                   401  403  403  403  400  404  400  404  403  400  401
POST    /api/v1/minutes/{id}/circulate/                                 401  403  403  403  200  404  200  404  403  200  401
GET     /api/v1/minutes/{id}/compare/                                   401  400  400  400  400  404  400  404  400  400  401
GET     /api/v1/minutes/{id}/revisions/                                 401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/orders/                                                 401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/orders/                                                 401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/orders/{id}/                                            401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/orders/{id}/                                            401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/orders/{id}/                                            401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/orders/{id}/                                            401  403  403  403  409  404  409  404  403  409  401
GET     /api/v1/participants/                                           401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/participants/                                           401  403  403  403  403  403  400  400  403  403  401
GET     /api/v1/participants/{id}/                                      401  200  200  200  200  200  200  200  200  200  401
PUT     /api/v1/participants/{id}/                                      401  403  403  403  403  403  400  400  403  403  401
PATCH   /api/v1/participants/{id}/                                      401  403  403  403  403  403  200  200  403  403  401
DELETE  /api/v1/participants/{id}/                                      401  403  403  403  403  403  409  409  403  403  401
GET     /api/v1/pledges/                                                401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/pledges/                                                401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/pledges/{id}/                                           401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/pledges/{id}/                                           401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/pledges/{id}/                                           401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/pledges/{id}/                                           401  403  403  403  409  404  409  404  403  409  401
POST    /api/v1/pledges/{id}/confirm-figures/                           401  403  200  403  403  404  200  404  403  403  401
POST    /api/v1/pledges/{id}/dispute/                                   401  403  400  403  403  404  400  404  403  403  401
POST    /api/v1/pledges/{id}/transition/                                401  403  403  403  400  404  400  404  403  400  401
GET     /api/v1/pledges/{id}/transitions/                               401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/problems/                                               401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/problems/{code}/                                        401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/registry-proposals/                                     401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/registry-proposals/                                     401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/registry-proposals/{id}/                                401  404  404  404  200  404  200  200  200  200  401
POST    /api/v1/registry-proposals/{id}/accept/                         401  404  404  404  403  404  200  200  403  403  401
POST    /api/v1/registry-proposals/{id}/reject/                         401  404  404  404  403  404  400  400  403  403  401
POST    /api/v1/registry-proposals/{id}/withdraw/                       401  404  404  404  200  404  200  403  403  200  401
GET     /api/v1/reported-totals/                                        401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/reported-totals/                                        401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/reported-totals/{id}/                                   401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/reported-totals/{id}/                                   401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/reported-totals/{id}/                                   401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/reported-totals/{id}/                                   401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/roadmap-items/                                          401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/roadmap-items/                                          401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/roadmap-items/{id}/                                     401  200  200  200  200  404  200  404  200  200  401
PUT     /api/v1/roadmap-items/{id}/                                     401  403  403  403  400  404  400  404  403  400  401
PATCH   /api/v1/roadmap-items/{id}/                                     401  403  403  403  200  404  200  404  403  200  401
DELETE  /api/v1/roadmap-items/{id}/                                     401  403  403  403  409  404  409  404  403  409  401
POST    /api/v1/roadmap-items/{id}/transition/                          401  403  403  403  400  404  400  404  403  400  401
GET     /api/v1/roadmap-items/{id}/transitions/                         401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/summaries/                                              401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/summaries/                                              401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/summaries/latest/                                       401  400  400  400  400  400  400  400  400  400  401
GET     /api/v1/summaries/{id}/                                         401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/summaries/{id}/diff/                                    401  400  400  400  400  404  400  404  400  400  401
GET     /api/v1/summary-jobs/                                           401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/summary-jobs/{id}/                                      401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/tokens/                                                 401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/tokens/                                                 401  400  400  400  400  400  400  400  403  400  401  # anyone creates their own
GET     /api/v1/tokens/{id}/                                            401  404  200  404  200  404  200  404  200  200  401  # delA's token
DELETE  /api/v1/tokens/{id}/                                            401  404  204  404  204  404  204  404  403  204  401  # owner, secretariat, staff revoke
POST    /api/v1/tokens/{id}/rotate/                                     401  404  200  404  403  404  403  404  403  403  401  # the owner only
DELETE  /api/v1/contacts/{id}/                                          401  404  204  404  204  404  204  404  403  204  401
DELETE  /api/v1/distribution-lists/{id}/                                401  403  403  403  204  404  204  404  403  204  401
DELETE  /api/v1/registrations/{id}/                                     401  403  204  403  204  404  204  404  403  204  401
GET     /api/v1/contacts/                                               401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/contacts/export/                                        401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/contacts/{id}/                                          401  404  200  404  200  404  200  404  200  200  401
GET     /api/v1/distribution-lists/                                     401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/distribution-lists/{id}/                                401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/distribution-lists/{id}/reach/                          401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/registrations/                                          401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/registrations/{id}/                                     401  200  200  200  200  404  200  404  200  200  401
PATCH   /api/v1/contacts/{id}/                                          401  404  200  404  200  404  200  404  403  200  401
PATCH   /api/v1/distribution-lists/{id}/                                401  403  403  403  200  404  200  404  403  200  401
PATCH   /api/v1/registrations/{id}/                                     401  403  200  403  200  404  200  404  403  200  401
POST    /api/v1/contacts/                                               401  403  400  400  400  400  400  403  403  400  401
POST    /api/v1/contacts/import/                                        401  403  415  415  415  415  415  403  403  415  401
POST    /api/v1/distribution-lists/                                     401  403  403  403  400  400  400  403  403  400  401
POST    /api/v1/registrations/                                          401  403  400  400  400  400  400  403  403  400  401
PUT     /api/v1/contacts/{id}/                                          401  404  400  404  400  404  400  404  403  400  401
PUT     /api/v1/distribution-lists/{id}/                                401  403  403  403  400  404  400  404  403  400  401
PUT     /api/v1/registrations/{id}/                                     401  403  400  403  400  404  400  404  403  400  401
# issue 14: the work between meetings
GET     /api/v1/classification-markings/                                401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/classification-markings/{id}/                           401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/documents/                                              401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/documents/                                              401  403  415  415  415  415  415  403  403  415  401
DELETE  /api/v1/documents/{id}/                                         401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/documents/{id}/                                         401  200  200  200  200  404  200  404  200  200  401
PATCH   /api/v1/documents/{id}/                                         401  403  403  403  200  404  200  404  403  200  401
GET     /api/v1/documents/{id}/download/                                401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/documents/{id}/versions/                                401  200  200  200  200  404  200  404  200  200  401
POST    /api/v1/documents/{id}/versions/                                401  403  403  403  415  404  415  404  403  415  401
GET     /api/v1/meetings/{id}/record-of-decisions.docx/                 401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/meetings/{id}/record-of-decisions.pdf/                  401  200  200  200  200  404  200  404  200  200  401
GET     /api/v1/minutes-comments/                                       401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/minutes-comments/                                       401  403  400  400  400  400  400  403  403  400  401
DELETE  /api/v1/minutes-comments/{id}/                                  401  403  409  403  409  404  409  404  403  409  401
GET     /api/v1/minutes-comments/{id}/                                  401  200  200  200  200  404  200  404  200  200  401
PATCH   /api/v1/minutes-comments/{id}/                                  401  403  409  403  409  404  409  404  403  409  401
POST    /api/v1/minutes-comments/{id}/answer/                           401  403  403  403  400  404  400  404  403  400  401
POST    /api/v1/minutes/{id}/agree/                                     401  403  409  409  400  404  400  404  403  400  401
GET     /api/v1/written-procedures/                                     401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/written-procedures/                                     401  403  403  403  400  400  400  403  403  400  401
DELETE  /api/v1/written-procedures/{id}/                                401  403  403  403  204  404  204  404  403  204  401
GET     /api/v1/written-procedures/{id}/                                401  200  200  200  200  404  200  404  200  200  401
PATCH   /api/v1/written-procedures/{id}/                                401  403  403  403  200  404  200  404  403  200  401
POST    /api/v1/written-procedures/{id}/break-silence/                  401  403  400  400  400  404  400  404  403  400  401
POST    /api/v1/written-procedures/{id}/circulate/                      401  403  403  403  400  404  400  404  403  400  401
POST    /api/v1/written-procedures/{id}/conclude/                       401  403  403  403  409  404  409  404  403  409  401
POST    /api/v1/written-procedures/{id}/withdraw/                       401  403  403  403  200  404  200  404  403  200  401
GET     /api/v1/webhooks/                                               401  200  200  200  200  200  200  200  200  200  401
POST    /api/v1/webhooks/                                               401  403  403  403  400  400  400  403  403  400  401
GET     /api/v1/webhooks/{id}/                                          401  404  404  404  200  404  200  404  200  200  401
PUT     /api/v1/webhooks/{id}/                                          401  404  404  404  400  404  400  404  403  400  401
PATCH   /api/v1/webhooks/{id}/                                          401  404  404  404  200  404  200  404  403  200  401
DELETE  /api/v1/webhooks/{id}/                                          401  404  404  404  204  404  204  404  403  204  401
GET     /api/v1/webhook-deliveries/                                     401  200  200  200  200  200  200  200  200  200  401
GET     /api/v1/webhook-deliveries/{id}/                                401  404  404  404  200  404  200  404  200  200  401
POST    /api/v1/webhook-deliveries/{id}/redeliver/                      401  404  404  404  201  404  201  404  403  201  401
"""
