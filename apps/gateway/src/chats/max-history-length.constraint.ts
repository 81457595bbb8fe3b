import { Inject, Injectable } from '@nestjs/common';
import {
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { conversationLongerThan } from '@app/contracts';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';

/** The MAX_HISTORY_LENGTH limit on the earlier turns a message carries, all their contents together, in characters. */
@ValidatorConstraint({ name: 'maxHistoryLength' })
@Injectable()
export class MaxHistoryLengthConstraint implements ValidatorConstraintInterface {
  constructor(@Inject(gatewayConfig.KEY) private readonly config: GatewayConfig) {}

  validate(value: unknown): boolean {
    if (!Array.isArray(value) || !value.every((turn) => typeof (turn as { content?: unknown })?.content === 'string')) return true;
    return !conversationLongerThan(value as { content: string }[], this.config.maxHistoryLength);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must hold at most ${this.config.maxHistoryLength} characters in all (MAX_HISTORY_LENGTH); send fewer turns`;
  }
}

export function MaxHistoryLength(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ target: target.constructor, propertyName: propertyName as string, options, validator: MaxHistoryLengthConstraint });
}
