import { Inject, Injectable } from '@nestjs/common';
import {
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { longerThan } from '@app/contracts';
import { gatewayConfig, GatewayConfig } from '../config/gateway.config';

/** The MAX_TEXT_LENGTH limit, read from configuration when the request is validated. Counts characters, not UTF-16 units. */
@ValidatorConstraint({ name: 'maxTextLength' })
@Injectable()
export class MaxTextLengthConstraint implements ValidatorConstraintInterface {
  constructor(@Inject(gatewayConfig.KEY) private readonly config: GatewayConfig) {}

  validate(value: unknown): boolean {
    return typeof value !== 'string' || !longerThan(value, this.config.maxTextLength);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be at most ${this.config.maxTextLength} characters`;
  }
}

export function MaxTextLength(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: MaxTextLengthConstraint,
    });
}
