import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../api/problem';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card, CardBody, CardHeader } from '../../components/Card';
import { Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { Skeleton } from '../../components/Spinner';
import { AdminNav } from '../admin/AdminNav';
import '../admin/admin.css';
import { moved, useDeleteRule, useReorderRules, useRules, useToggleRule, type Rule } from './api';
import { describeRule } from './describe';
import { organizationIds, useNames, type Editing } from './hooks';
import { draftFromRule, emptyDraft, inputOf } from './draft';
import { RuleEditor } from './RuleEditor';
import { PreviewPanel } from './PreviewPanel';
import './triage.css';

export default function TriageRulesPage() {
  const { t } = useTranslation('triage');
  const rules = useRules();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const startNew = () => {
    const last = rules.data?.[rules.data.length - 1]?.position ?? 0;
    const draft = emptyDraft(last + 10);
    setNotice(null);
    setErrors({});
    setEditing({ id: null, original: JSON.stringify(inputOf(draft)), draft });
  };
  const startEdit = (rule: Rule) => {
    const draft = draftFromRule(rule);
    setNotice(null);
    setErrors({});
    setEditing({ id: rule.id, original: JSON.stringify(inputOf(draft)), draft });
  };

  return (
    <>
      <AdminNav />
      <PageHeader
        title={t('title')}
        sub={t('sub')}
        actions={
          <Button onClick={startNew} disabled={!!editing && editing.id === null}>
            {t('new')}
          </Button>
        }
      />
      {notice && (
        <div className="triage-notice">
          <Alert tone="success">{notice}</Alert>
        </div>
      )}
      <div className="triage-layout">
        <div className="triage-col">
          {rules.isPending ? (
            <Skeleton lines={5} />
          ) : rules.isError ? (
            <ErrorState error={rules.error} title={t('list.error')} onRetry={() => void rules.refetch()} />
          ) : (
            <RuleList rules={rules.data} editingId={editing?.id ?? null} onEdit={startEdit} onNotice={setNotice} />
          )}
        </div>
        <div className="triage-col">
          {editing && (
            <RuleEditor
              key={editing.id ?? 'new'}
              editing={editing}
              errors={errors}
              setErrors={setErrors}
              onChange={(draft) => setEditing((e) => (e ? { ...e, draft } : e))}
              onCancel={() => {
                setEditing(null);
                setErrors({});
              }}
              onSaved={(rule) => {
                setEditing(null);
                setErrors({});
                setNotice(t('editor.saved', { name: rule.name }));
              }}
            />
          )}
          <PreviewPanel editing={editing} onDraftErrors={setErrors} />
        </div>
      </div>
    </>
  );
}

function RuleList({ rules, editingId, onEdit, onNotice }: { rules: Rule[]; editingId: string | null; onEdit: (r: Rule) => void; onNotice: (n: string | null) => void }) {
  const { t } = useTranslation('triage');
  const names = useNames(rules.flatMap((r) => organizationIds(r.conditions)));
  const reorder = useReorderRules();
  const toggleRule = useToggleRule();
  const remove = useDeleteRule();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Rule | null>(null);

  const problemText = (e: unknown) => (isApiProblem(e) ? e.detail || e.title : t('common:error.unexpected'));

  const move = (from: number, to: number) => {
    if (to < 0 || to >= rules.length || from === to) return;
    const rule = rules[from];
    if (!rule) return;
    setError(null);
    onNotice(null);
    const ids = moved(rules.map((r) => r.id), from, to);
    setAnnounce(t('list.movedTo', { name: rule.name, position: to + 1, count: rules.length }));
    reorder.mutate(ids, { onError: (e) => setError(t('list.reorderFailed', { reason: problemText(e) })) });
  };

  const onKey = (index: number) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(index, index - 1);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(index, index + 1);
    } else if (e.key === 'Home') {
      e.preventDefault();
      move(index, 0);
    } else if (e.key === 'End') {
      e.preventDefault();
      move(index, rules.length - 1);
    }
  };

  const onDrop = (index: number) => (e: DragEvent<HTMLLIElement>) => {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/plain') || dragging;
    const from = rules.findIndex((r) => r.id === id);
    setDragging(null);
    setOver(null);
    if (from >= 0) move(from, index);
  };

  const toggle = (rule: Rule) => {
    setError(null);
    onNotice(null);
    toggleRule.mutate(rule, {
      onSuccess: (r) => setAnnounce(t(r.enabled ? 'list.nowEnabled' : 'list.nowDisabled', { name: r.name })),
      onError: (e) => setError(problemText(e)),
    });
  };

  return (
    <Card aria-labelledby="triage-rules-title">
      <CardHeader id="triage-rules-title" title={t('list.title')} />
      <CardBody>
        <div className="stack">
          <p className="muted small">{t('list.how')}</p>
          <p className="visually-hidden" aria-live="polite">
            {announce}
          </p>
          {error && (
            <Alert tone="danger">
              <p>{error}</p>
            </Alert>
          )}
          {rules.length === 0 ? (
            <EmptyState title={t('list.empty')}>{t('list.emptyHint')}</EmptyState>
          ) : (
            <ol className="triage-rules" aria-label={t('list.title')}>
              {rules.map((rule, index) => (
                <li
                  key={rule.id}
                  className={[
                    'triage-rule',
                    rule.enabled ? '' : 'triage-rule-off',
                    dragging === rule.id ? 'triage-rule-dragging' : '',
                    over === index && dragging !== rule.id ? 'triage-rule-over' : '',
                    editingId === rule.id ? 'triage-rule-editing' : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  aria-label={rule.name}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/plain', rule.id);
                    e.dataTransfer.effectAllowed = 'move';
                    setDragging(rule.id);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                  onDragOver={(e) => {
                    e.preventDefault();
                    e.dataTransfer.dropEffect = 'move';
                    if (over !== index) setOver(index);
                  }}
                  onDrop={onDrop(index)}
                >
                  <div className="triage-rule-order">
                    <button
                      type="button"
                      className="triage-handle"
                      aria-label={t('list.handle', { name: rule.name, position: index + 1, count: rules.length })}
                      title={t('list.handleTitle')}
                      onKeyDown={onKey(index)}
                    >
                      <span aria-hidden="true">⠿</span>
                    </button>
                    <span className="triage-pos" aria-hidden="true">
                      {index + 1}
                    </span>
                  </div>
                  <div className="triage-rule-main">
                    <div className="triage-rule-head">
                      <h3 className="triage-rule-name">{rule.name}</h3>
                      <Badge tone={rule.enabled ? 'success' : 'neutral'}>{rule.enabled ? t('list.on') : t('list.off')}</Badge>
                    </div>
                    <p className="triage-rule-sentence">{describeRule(t, rule, names)}</p>
                  </div>
                  <div className="triage-rule-actions">
                    <label className="triage-switch">
                      <input type="checkbox" role="switch" checked={rule.enabled} onChange={() => toggle(rule)} aria-label={t('list.enabledOf', { name: rule.name })} />
                      <span aria-hidden="true">{t('list.enabled')}</span>
                    </label>
                    <div className="triage-move">
                      <Button size="sm" variant="ghost" aria-label={t('list.up', { name: rule.name })} disabled={index === 0} onClick={() => move(index, index - 1)}>
                        ↑
                      </Button>
                      <Button size="sm" variant="ghost" aria-label={t('list.down', { name: rule.name })} disabled={index === rules.length - 1} onClick={() => move(index, index + 1)}>
                        ↓
                      </Button>
                    </div>
                    <Button size="sm" variant="secondary" aria-label={t('list.editOf', { name: rule.name })} onClick={() => onEdit(rule)}>
                      {t('list.edit')}
                    </Button>
                    <Button size="sm" variant="danger" aria-label={t('list.deleteOf', { name: rule.name })} onClick={() => setConfirm(rule)}>
                      {t('list.delete')}
                    </Button>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </div>
      </CardBody>
      <Dialog open={!!confirm} onClose={() => setConfirm(null)} title={t('delete.title', { name: confirm?.name ?? '' })}>
        <div className="stack">
          <p>{t('delete.body')}</p>
          <div className="row">
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => {
                if (!confirm) return;
                const name = confirm.name;
                remove.mutate(confirm.id, {
                  onSuccess: () => {
                    setConfirm(null);
                    onNotice(t('delete.done', { name }));
                  },
                  onError: (e) => {
                    setConfirm(null);
                    setError(problemText(e));
                  },
                });
              }}
            >
              {t('delete.confirm')}
            </Button>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              {t('delete.cancel')}
            </Button>
          </div>
        </div>
      </Dialog>
    </Card>
  );
}
