// jest setup: the tests synthesize in process, so they name the stacks module as the entry points do.
import { useStacksModule } from '../../src/synth/stacks-module';

useStacksModule(require.resolve('../../stacks'));
