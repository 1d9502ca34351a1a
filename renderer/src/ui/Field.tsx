import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { cx } from './cx.js';
import { Icon } from './icons.js';

interface FieldFrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Hide the label visually (it stays the accessible name). */
  hideLabel?: boolean;
  className?: string;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown, extra?: string): string | undefined {
  return [error ? errorId : null, hint ? hintId : null, extra].filter(Boolean).join(' ') || undefined;
}

function Frame({ id, label, hint, error, hideLabel, className, children, hintId, errorId }: FieldFrameProps & { id: string; hintId: string; errorId: string; children: ReactNode }) {
  return (
    <div className={cx('field', error && 'has-error', className)}>
      <label htmlFor={id} className={cx('field-label', hideLabel && 'visually-hidden')}>
        {label}
      </label>
      {children}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          <Icon name="error" size={14} />
          {error}
        </p>
      )}
    </div>
  );
}

export interface TextFieldProps extends FieldFrameProps, Omit<InputHTMLAttributes<HTMLInputElement>, 'className'> {
  inputClassName?: string;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({ label, hint, error, hideLabel, className, inputClassName, id, ...input }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <Frame id={inputId} label={label} hint={hint} error={error} hideLabel={hideLabel} className={className} hintId={hintId} errorId={errorId}>
      <input
        id={inputId}
        className={cx('input', inputClassName)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, hint, error, input['aria-describedby'])}
        {...input}
      />
    </Frame>
  );
}

export interface TextAreaProps extends FieldFrameProps, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'> {
  ref?: Ref<HTMLTextAreaElement>;
}

export function TextArea({ label, hint, error, hideLabel, className, id, ...input }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <Frame id={inputId} label={label} hint={hint} error={error} hideLabel={hideLabel} className={className} hintId={hintId} errorId={errorId}>
      <textarea
        id={inputId}
        className="input textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export interface SelectOption<V extends string = string> {
  value: V;
  label: string;
  disabled?: boolean;
}

export interface SelectProps<V extends string = string>
  extends FieldFrameProps,
    Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className' | 'onChange' | 'value' | 'size'> {
  options: readonly SelectOption<NoInfer<V>>[];
  value: V;
  onChange(value: V): void;
  size?: 'sm' | 'md';
  /** Shown as a first, unselectable option while nothing is chosen. */
  placeholder?: string;
}

export function Select<V extends string = string>({
  label,
  hint,
  error,
  hideLabel,
  className,
  options,
  value,
  onChange,
  size = 'md',
  placeholder,
  id,
  ...rest
}: SelectProps<V>) {
  const generated = useId();
  const selectId = id ?? generated;
  const hintId = `${selectId}-hint`;
  const errorId = `${selectId}-error`;
  return (
    <Frame id={selectId} label={label} hint={hint} error={error} hideLabel={hideLabel} className={className} hintId={hintId} errorId={errorId}>
      <div className={cx('select-wrap', size === 'sm' && 'select-sm')}>
        <select
          id={selectId}
          className="input select"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hintId, errorId, hint, error)}
          onChange={(event) => onChange(event.target.value as V)}
          {...rest}
        >
          {placeholder !== undefined && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          {options.map((option) => (
            <option key={option.value} value={option.value} disabled={option.disabled}>
              {option.label}
            </option>
          ))}
        </select>
        <Icon name="chevronDown" size={16} className="select-chevron" />
      </div>
    </Frame>
  );
}

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> {
  label: ReactNode;
  hint?: ReactNode;
  onChange(checked: boolean): void;
}

export function Checkbox({ label, hint, onChange, id, className, ...rest }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className={cx('check', className)}>
      <input id={inputId} type="checkbox" onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${inputId}-hint` : undefined} {...rest} />
      <div>
        <label htmlFor={inputId}>{label}</label>
        {hint && (
          <p id={`${inputId}-hint`} className="field-hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

export interface SwitchProps {
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
}

/** An on/off setting that takes effect at once (a checkbox is for choices confirmed later). */
export function Switch({ label, hint, checked, onChange, disabled }: SwitchProps) {
  const id = useId();
  return (
    <div className="switch-row">
      <div className="switch-text">
        <span id={`${id}-label`} className="switch-label">
          {label}
        </span>
        {hint && (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        )}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="switch"
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span className="switch-thumb" />
      </button>
    </div>
  );
}

export interface ChoiceOption<V extends string> {
  value: V;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}

export interface ChoiceCardsProps<V extends string> {
  legend: ReactNode;
  name: string;
  options: readonly ChoiceOption<NoInfer<V>>[];
  value: V | null;
  onChange(value: V): void;
  hideLegend?: boolean;
  columns?: number;
}

/** A radio group drawn as cards, for choices whose consequences need a sentence each. */
export function ChoiceCards<V extends string>({ legend, name, options, value, onChange, hideLegend, columns }: ChoiceCardsProps<V>) {
  const id = useId();
  return (
    <fieldset className="choice-cards">
      <legend className={cx('field-label', hideLegend && 'visually-hidden')}>{legend}</legend>
      <div className={cx('choice-grid', columns ? `choice-cols-${columns}` : null)}>
        {options.map((option) => {
          const optionId = `${id}-${option.value}`;
          return (
            <label key={option.value} htmlFor={optionId} className={cx('choice-card', value === option.value && 'is-selected', option.disabled && 'is-disabled')}>
              <input
                type="radio"
                id={optionId}
                name={name}
                value={option.value}
                checked={value === option.value}
                disabled={option.disabled}
                aria-describedby={option.description ? `${optionId}-desc` : undefined}
                onChange={() => onChange(option.value)}
              />
              <span className="choice-body">
                <span className="choice-title">{option.label}</span>
                {option.description && (
                  <span id={`${optionId}-desc`} className="choice-desc">
                    {option.description}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
