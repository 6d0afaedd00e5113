/**
 * Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit), in one place: the
 * renderers size their text with these constants, and the tests run every payload the app sends
 * through `blockKitViolations`. Slack rejects a whole message (`invalid_blocks`) when one field is
 * over, so a note with a long body must never take a list down with it.
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  messageText: 40_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  checkboxOptions: 10,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3_000,
  callbackId: 255,
} as const;

export type SurfaceKind = 'message' | 'modal';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | undefined => (isObject(value) && typeof value.text === 'string' ? value.text : undefined);
const length = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

/** Every limit the payload breaks, as readable strings; empty when Slack would accept it. */
export function blockKitViolations(kind: SurfaceKind, payload: unknown): string[] {
  const problems: string[] = [];
  const over = (path: string, actual: number, max: number) => {
    if (actual > max) problems.push(`${path}: ${actual} > ${max}`);
  };
  if (!isObject(payload)) return ['payload is not an object'];
  const blocks = Array.isArray(payload.blocks) ? payload.blocks : [];
  if (kind === 'message') {
    over('text', length(payload.text), LIMITS.messageText);
    if (!payload.text && blocks.length === 0) problems.push('message has neither text nor blocks');
    over('blocks', blocks.length, LIMITS.messageBlocks);
  } else {
    over('blocks', blocks.length, LIMITS.modalBlocks);
    over('title', length(textOf(payload.title)), LIMITS.modalTitle);
    over('submit', length(textOf(payload.submit)), LIMITS.modalButton);
    over('close', length(textOf(payload.close)), LIMITS.modalButton);
    over('private_metadata', length(payload.private_metadata), LIMITS.privateMetadata);
    over('callback_id', length(payload.callback_id), LIMITS.callbackId);
  }
  blocks.forEach((block, i) => checkBlock(block, `blocks[${i}]`, over, problems));
  return problems;
}

type Over = (path: string, actual: number, max: number) => void;

function checkBlock(block: unknown, path: string, over: Over, problems: string[]) {
  if (!isObject(block)) {
    problems.push(`${path}: not an object`);
    return;
  }
  over(`${path}.block_id`, length(block.block_id), LIMITS.blockId);
  const elements = Array.isArray(block.elements) ? block.elements : [];
  switch (block.type) {
    case 'section': {
      over(`${path}.text`, length(textOf(block.text)), LIMITS.sectionText);
      const fields = Array.isArray(block.fields) ? block.fields : [];
      over(`${path}.fields`, fields.length, LIMITS.sectionFields);
      fields.forEach((field, i) => over(`${path}.fields[${i}]`, length(textOf(field)), LIMITS.fieldText));
      if (!block.text && fields.length === 0) problems.push(`${path}: section needs text or fields`);
      if (block.accessory) checkElement(block.accessory, `${path}.accessory`, over, problems);
      break;
    }
    case 'header':
      over(`${path}.text`, length(textOf(block.text)), LIMITS.headerText);
      break;
    case 'context':
      over(`${path}.elements`, elements.length, LIMITS.contextElements);
      elements.forEach((el, i) => over(`${path}.elements[${i}]`, length(textOf(el)), LIMITS.sectionText));
      break;
    case 'actions':
      over(`${path}.elements`, elements.length, LIMITS.actionsElements);
      elements.forEach((el, i) => checkElement(el, `${path}.elements[${i}]`, over, problems));
      checkUniqueActionIds(elements, path, problems);
      break;
    case 'divider':
      break;
    default:
      problems.push(`${path}: block type ${String(block.type)} is not one the app is expected to send`);
  }
}

function checkElement(element: unknown, path: string, over: Over, problems: string[]) {
  if (!isObject(element)) {
    problems.push(`${path}: not an object`);
    return;
  }
  over(`${path}.action_id`, length(element.action_id), LIMITS.actionId);
  if (element.type === 'button') {
    over(`${path}.text`, length(textOf(element.text)), LIMITS.buttonText);
    over(`${path}.value`, length(element.value), LIMITS.buttonValue);
  } else if (element.type === 'checkboxes') {
    const options = Array.isArray(element.options) ? element.options : [];
    over(`${path}.options`, options.length, LIMITS.checkboxOptions);
    if (options.length === 0) problems.push(`${path}: checkboxes need at least one option`);
    options.forEach((option, i) => {
      over(`${path}.options[${i}].text`, length(textOf(isObject(option) ? option.text : undefined)), LIMITS.optionText);
      over(`${path}.options[${i}].value`, length(isObject(option) ? option.value : undefined), LIMITS.optionValue);
    });
  } else {
    problems.push(`${path}: element type ${String(element.type)} is not one the app is expected to send`);
  }
  if (isObject(element.confirm)) {
    const c = element.confirm;
    over(`${path}.confirm.title`, length(textOf(c.title)), LIMITS.confirmTitle);
    over(`${path}.confirm.text`, length(textOf(c.text)), LIMITS.confirmText);
    over(`${path}.confirm.confirm`, length(textOf(c.confirm)), LIMITS.confirmButton);
    over(`${path}.confirm.deny`, length(textOf(c.deny)), LIMITS.confirmButton);
  }
}

function checkUniqueActionIds(elements: unknown[], path: string, problems: string[]) {
  const ids = elements.map((el) => (isObject(el) ? el.action_id : undefined)).filter((id) => typeof id === 'string');
  if (new Set(ids).size !== ids.length) problems.push(`${path}: action_ids repeat within one block`);
}
